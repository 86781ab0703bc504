/**
 * A `multipart/form-data` body (RFC 7578) split into its parts, each with its
 * raw bytes: a text part is decoded afterwards in its own charset, the body's
 * or the `_charset_` field's (`read-legacy-form.ts`), which the fetch API's
 * `formData()` cannot do (it reads every text part as UTF-8, replacing what
 * does not decode with U+FFFD).
 *
 * The body is whole in memory, already limited to the request's maximum
 * size (`readRequestBody`). Header lines are read as Latin-1, byte for byte,
 * so that a part's name keeps its bytes until its charset is known.
 * Not read: `Content-Transfer-Encoding` (RFC 7578 §4.7: senders do not use
 * it) and `filename*` (not used in form data, §4.2).
 */
export interface MultipartPart {
  /** The `name` of the part's `Content-Disposition`, its bytes as Latin-1 characters. */
  name: string;
  /** Present (maybe empty) for a file part. */
  filename?: string;
  /** The part's `Content-Type`, if it has one. */
  contentType?: string;
  body: Uint8Array<ArrayBuffer>;
}

export class MultipartSyntaxError extends Error {}

const CRLF = Buffer.from("\r\n");
const HEADERS_END = Buffer.from("\r\n\r\n");
const DASH = 0x2d;

export function parseMultipartBody(body: Uint8Array<ArrayBuffer>, boundary: string): MultipartPart[] {
  if (boundary === "" || boundary.length > 70) throw new MultipartSyntaxError("no usable boundary");
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`, "latin1");
  const nextDelimiter = Buffer.concat([CRLF, delimiter]);

  // the first delimiter opens the body, or ends a preamble that is ignored
  let at = bytes.subarray(0, delimiter.length).equals(delimiter) ? 0 : bytes.indexOf(nextDelimiter);
  if (at === -1) throw new MultipartSyntaxError("no opening boundary");
  if (at > 0) at += CRLF.length;

  const parts: MultipartPart[] = [];
  for (;;) {
    let cursor = at + delimiter.length;
    if (bytes[cursor] === DASH && bytes[cursor + 1] === DASH) return parts;
    // transport padding (RFC 2046 §5.1.1) before the line break
    while (bytes[cursor] === 0x20 || bytes[cursor] === 0x09) cursor++;
    if (!bytes.subarray(cursor, cursor + CRLF.length).equals(CRLF)) throw new MultipartSyntaxError("a boundary line runs on");
    cursor += CRLF.length;

    const headersEnd = bytes.indexOf(HEADERS_END, cursor - CRLF.length);
    if (headersEnd === -1) throw new MultipartSyntaxError("a part's headers do not end");
    const headers = bytes.toString("latin1", cursor, Math.max(cursor, headersEnd));
    const contentStart = headersEnd + HEADERS_END.length;
    const contentEnd = bytes.indexOf(nextDelimiter, contentStart);
    if (contentEnd === -1) throw new MultipartSyntaxError("a part does not end");

    parts.push({ ...readPartHeaders(headers), body: bytes.subarray(contentStart, contentEnd) });
    at = contentEnd + CRLF.length;
  }
}

function readPartHeaders(block: string): Omit<MultipartPart, "body"> {
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "content-disposition") disposition = value;
    else if (name === "content-type") contentType = value;
  }
  if (disposition === undefined) throw new MultipartSyntaxError("a part has no Content-Disposition");
  const { type, parameters } = readDisposition(disposition);
  const name = parameters.get("name");
  if (type !== "form-data" || name === undefined) throw new MultipartSyntaxError("a part is not named form data");
  const filename = parameters.get("filename");
  return { name, ...(filename !== undefined && { filename }), ...(contentType !== undefined && { contentType }) };
}

/**
 * `form-data; name="a;b"; filename=x.png`: values quoted (a `;` may stand
 * inside) or plain tokens. Browsers percent-encode a `"` in a name and never
 * escape a backslash (a Windows path in `filename`), so none is unescaped.
 */
function readDisposition(value: string): { type: string; parameters: Map<string, string> } {
  const parameters = new Map<string, string>();
  const pattern = /\s*;\s*([^=;\s]+)\s*=\s*(?:"([^"]*)"|([^;]*))/gy;
  const firstSemicolon = value.indexOf(";");
  const type = (firstSemicolon === -1 ? value : value.slice(0, firstSemicolon)).trim().toLowerCase();
  if (firstSemicolon === -1) return { type, parameters };
  pattern.lastIndex = firstSemicolon;
  for (let match = pattern.exec(value); match; match = pattern.exec(value)) {
    const name = match[1]!.toLowerCase();
    const text = match[2] ?? match[3]!.trim();
    if (!parameters.has(name)) parameters.set(name, text);
  }
  return { type, parameters };
}
