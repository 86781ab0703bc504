/**
 * A `Content-Type` header read as media type and parameters (RFC 9110 §8.3):
 * names lower-cased, a quoted value unquoted. Enough for what the doors read
 * (`charset`, `boundary`), whose values hold no `;`.
 */
export interface ContentType {
  /** Lower-cased, e.g. `multipart/form-data`; empty when the header is missing. */
  mediaType: string;
  parameters: Map<string, string>;
}

export function parseContentType(header: string | null): ContentType {
  const [mediaType = "", ...rest] = (header ?? "").split(";");
  const parameters = new Map<string, string>();
  for (const parameter of rest) {
    const equals = parameter.indexOf("=");
    if (equals === -1) continue;
    const name = parameter.slice(0, equals).trim().toLowerCase();
    const value = parameter.slice(equals + 1).trim();
    if (!parameters.has(name)) parameters.set(name, value.replace(/^"(.*)"$/, "$1"));
  }
  return { mediaType: mediaType.trim().toLowerCase(), parameters };
}
