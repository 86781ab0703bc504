/**
 * Reads a legacy POST body: `application/x-www-form-urlencoded` or
 * `multipart/form-data`, nothing else, and never more than `maxBytes`
 * (see read-request-body.ts).
 */
import { AppError, errors } from "@cr/domain";

import { readRequestBody } from "../read-request-body";

export interface LegacyForm {
  /** Text fields in body order; repeated names stay repeated (the decoder refuses them). */
  fields: [string, string][];
  /** File parts by field name. */
  files: Map<string, File[]>;
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Bodies are decoded as UTF-8, whatever they declare: a body that names
 * another charset (`charset=utf-16`) would be read as something it is not, so
 * it is refused like another content type. No charset means UTF-8.
 */
function declaresOtherCharset(contentType: string): boolean {
  for (const parameter of contentType.split(";").slice(1)) {
    const [name = "", ...value] = parameter.split("=");
    if (name.trim().toLowerCase() !== "charset") continue;
    const charset = value.join("=").trim().replace(/^"(.*)"$/, "$1").toLowerCase();
    if (charset !== "utf-8" && charset !== "utf8") return true;
  }
  return false;
}

export async function readLegacyForm(request: Request, maxBytes: number): Promise<LegacyForm> {
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(mediaType) || declaresOtherCharset(contentType)) {
    throw new AppError("invalid_param_type", "The request content type is not supported.");
  }

  const body = await readRequestBody(request, maxBytes);
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
