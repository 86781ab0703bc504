/**
 * Reads a legacy POST body: `application/x-www-form-urlencoded` or
 * `multipart/form-data`, nothing else, and never more than `maxBytes`
 * (checked on the declared length first, then while streaming, since a
 * chunked body declares none).
 */
import { AppError, errors } from "@cr/domain";

export interface LegacyForm {
  /** Text fields in body order; repeated names stay repeated (the decoder refuses them). */
  fields: [string, string][];
  /** File parts by field name. */
  files: Map<string, File[]>;
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

export function payloadTooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body exceeds ${maxBytes} bytes.`);
}

async function readBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw payloadTooLarge(maxBytes);
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export async function readLegacyForm(request: Request, maxBytes: number): Promise<LegacyForm> {
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(mediaType)) {
    throw new AppError("invalid_param_type", "The request content type is not supported.");
  }

  const body = await readBody(request, maxBytes);
  let formData: FormData;
  try {
    formData = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    // a multipart body whose boundary or parts cannot be read
    throw errors.invalidParamType("body");
  }

  const form: LegacyForm = { fields: [], files: new Map() };
  for (const [name, value] of formData.entries()) {
    if (typeof value === "string") form.fields.push([name, value]);
    else form.files.set(name, [...(form.files.get(name) ?? []), value]);
  }
  return form;
}
