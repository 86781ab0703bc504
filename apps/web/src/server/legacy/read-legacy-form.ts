/**
 * Reads a legacy POST body: `application/x-www-form-urlencoded` or
 * `multipart/form-data`, nothing else, and never more than `maxBytes`
 * (see read-request-body.ts).
 *
 * Texts are decoded in the charset the request declares (`form-charset.ts`):
 * a text part's own `charset`, else the body's `Content-Type` charset, else
 * the HTML `_charset_` field, else strict UTF-8. `_charset_` itself is a
 * transport field, not a parameter: it is not among the fields read.
 */
import { AppError, errors } from "@cr/domain";

import { parseContentType } from "../content-type";
import { readRequestBody } from "../read-request-body";
import { decodeFormText, defaultFormDecoder, type FormDecoder, formDecoderFor, lossyName } from "./form-charset";
import { MultipartSyntaxError, parseMultipartBody } from "./multipart-body";
import { splitUrlEncoded } from "./url-encoded";

export interface LegacyForm {
  /** Text fields in body order; repeated names stay repeated (the decoder refuses them). */
  fields: [string, string][];
  /** File parts by field name. */
  files: Map<string, File[]>;
}

const URL_ENCODED = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data";
const CHARSET_FIELD = "_charset_";

export async function readLegacyForm(request: Request, maxBytes: number): Promise<LegacyForm> {
  const { mediaType, parameters } = parseContentType(request.headers.get("content-type"));
  if (mediaType !== URL_ENCODED && mediaType !== MULTIPART) {
    throw new AppError("invalid_param_type", "The request content type is not supported.");
  }
  // a charset that cannot be read is refused before the body is
  const declared = parameters.get("charset");
  const bodyDecoder = declared === undefined ? undefined : formDecoderFor(declared);

  const body = await readRequestBody(request, maxBytes);
  return mediaType === URL_ENCODED
    ? readUrlEncodedForm(body, bodyDecoder)
    : readMultipartForm(body, parameters.get("boundary") ?? "", bodyDecoder);
}

function readUrlEncodedForm(body: Uint8Array, bodyDecoder: FormDecoder | undefined): LegacyForm {
  const pairs = splitUrlEncoded(body);
  const charsetField = pairs.find((pair) => asciiText(pair.name) === CHARSET_FIELD);
  const decoder = bodyDecoder ?? (charsetField ? formDecoderFor(asciiText(charsetField.value)) : defaultFormDecoder);

  const form: LegacyForm = { fields: [], files: new Map() };
  for (const pair of pairs) {
    if (pair === charsetField) continue;
    const name = decodeFormText(pair.name, decoder, lossyName(pair.name));
    form.fields.push([name, decodeFormText(pair.value, decoder, name)]);
  }
  return form;
}

function readMultipartForm(body: Uint8Array<ArrayBuffer>, boundary: string, bodyDecoder: FormDecoder | undefined): LegacyForm {
  let parts;
  try {
    parts = parseMultipartBody(body, boundary);
  } catch (error) {
    // a multipart body whose boundary or parts cannot be read
    if (error instanceof MultipartSyntaxError) throw errors.invalidParamType("body");
    throw error;
  }
  const charsetField = parts.find((part) => part.filename === undefined && part.name === CHARSET_FIELD);
  const formDecoder = bodyDecoder ?? (charsetField ? formDecoderFor(asciiText(charsetField.body)) : defaultFormDecoder);

  const form: LegacyForm = { fields: [], files: new Map() };
  for (const part of parts) {
    if (part === charsetField) continue;
    const nameBytes = Buffer.from(part.name, "latin1");
    if (part.filename !== undefined) {
      // a file's charset, if it names one, is the file's business; its name is only a
      // hint for the stored name, which keeps none of its unusual characters
      const name = decodeFormText(nameBytes, formDecoder, lossyName(nameBytes));
      const filename = new TextDecoder("utf-8").decode(Buffer.from(part.filename, "latin1"));
      const file = new File([part.body], filename, { type: part.contentType ?? "application/octet-stream" });
      form.files.set(name, [...(form.files.get(name) ?? []), file]);
      continue;
    }
    const partCharset = part.contentType === undefined ? undefined : parseContentType(part.contentType).parameters.get("charset");
    const decoder = partCharset === undefined ? formDecoder : formDecoderFor(partCharset);
    const name = decodeFormText(nameBytes, decoder, lossyName(nameBytes));
    form.fields.push([name, decodeFormText(part.body, decoder, name)]);
  }
  return form;
}

/** A charset label's bytes: ASCII by nature. */
function asciiText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1").trim();
}
