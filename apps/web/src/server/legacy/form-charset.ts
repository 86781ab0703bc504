/**
 * The charsets a legacy form may be written in, and the decoding of its texts.
 *
 * Servlet-era integrations send ISO-8859-1 (the default form encoding of the
 * servers the contract was written against) and say so in
 * `Content-Type: ...; charset=ISO-8859-1`, in a multipart part's own
 * `Content-Type`, or in the HTML `_charset_` field. Their bytes are decoded
 * with that charset. Read by their WHATWG names and labels (`latin1`,
 * `iso-8859-1`, `cp1252`, `l9`, ...), as `TextDecoder` knows them; WHATWG
 * reads ISO-8859-1 as windows-1252, its superset, as browsers do.
 *
 * Only charsets in which the form's own syntax (`&`, `=`, `%`, the multipart
 * boundary) is ASCII and every text is unambiguous are read: UTF-8,
 * windows-1252 (ISO-8859-1) and ISO-8859-15. Any other (UTF-16, Shift_JIS,
 * ...) is refused, naming it, rather than read as something it is not.
 *
 * UTF-8, declared or not, is decoded strictly: bytes that are not UTF-8 are
 * the parameter's wrong type, never a U+FFFD stored in place of what the
 * client sent.
 */
import { AppError, errors } from "@cr/domain";

/** What decodes a form's bytes: `TextDecoder` or, for windows-1252, `Windows1252Decoder`. */
export interface FormDecoder {
  /** Throws on bytes the charset cannot hold. */
  decode(bytes: Uint8Array): string;
}

/**
 * windows-1252 as WHATWG defines it. Node's own `TextDecoder("windows-1252")`
 * reads it as ISO-8859-1 (nodejs/node issue 56542): 0x80 would be the control
 * U+0080 instead of €, and a Word quote `“` (0x93) a control. The 32 bytes
 * where the two differ are mapped here; every other byte is its code point.
 */
class Windows1252Decoder implements FormDecoder {
  private static readonly c1 = [
    0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
    0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
  ];

  decode(bytes: Uint8Array): string {
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte >= 0x80 && byte < 0xa0 ? Windows1252Decoder.c1[byte - 0x80]! : byte);
    return text;
  }
}

/** A decoder per readable encoding; `TextDecoder.decode` without `stream` keeps no state between calls. */
const decoders = new Map<string, FormDecoder>([
  // fatal: bytes that are not UTF-8 are refused; ignoreBOM: a value is decoded as sent, a leading U+FEFF included
  ["utf-8", new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })],
  ["windows-1252", new Windows1252Decoder()],
  ["iso-8859-15", new TextDecoder("iso-8859-15", { fatal: true })],
]);

/** The decoder of a body that declares no charset. */
export const defaultFormDecoder: FormDecoder = decoders.get("utf-8")!;

export function unsupportedCharset(label: string): AppError {
  return new AppError(
    "invalid_param_type",
    `The request content type is not supported: the charset "${label}" cannot be read (send UTF-8, ISO-8859-1, windows-1252 or ISO-8859-15).`,
  );
}

/** The decoder of a declared charset label; an unknown or unreadable charset is refused, naming it. */
export function formDecoderFor(label: string): FormDecoder {
  let encoding: string;
  try {
    encoding = new TextDecoder(label.trim()).encoding;
  } catch {
    throw unsupportedCharset(label);
  }
  const decoder = decoders.get(encoding);
  if (!decoder) throw unsupportedCharset(label);
  return decoder;
}

/** `bytes` as text in `decoder`'s charset; bytes that charset cannot hold are `parameter`'s wrong type. */
export function decodeFormText(bytes: Uint8Array, decoder: FormDecoder, parameter: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw errors.invalidParamType(parameter);
  }
}

/** A parameter name to show in a refusal when the name itself does not decode. */
export function lossyName(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes);
}
