/**
 * `application/x-www-form-urlencoded` split into its names and values as
 * bytes (the WHATWG URL standard's parser, without its final UTF-8 decoding):
 * the bytes are decoded afterwards in the charset the request declares
 * (`form-charset.ts`). The same parser reads a query string, whose
 * non-ASCII bytes the URL already holds percent-encoded.
 */
export interface UrlEncodedPair {
  name: Uint8Array;
  value: Uint8Array;
}

const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const SPACE = 0x20;

export function splitUrlEncoded(bytes: Uint8Array): UrlEncodedPair[] {
  const pairs: UrlEncodedPair[] = [];
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(AMPERSAND, start);
    if (end === -1) end = bytes.length;
    if (end > start) {
      const sequence = bytes.subarray(start, end);
      const equals = sequence.indexOf(EQUALS);
      pairs.push(
        equals === -1
          ? { name: percentDecode(sequence), value: new Uint8Array(0) }
          : { name: percentDecode(sequence.subarray(0, equals)), value: percentDecode(sequence.subarray(equals + 1)) },
      );
    }
    start = end + 1;
  }
  return pairs;
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** `+` as a space and `%XX` as its byte; a `%` not followed by two hex digits stays as it is. */
function percentDecode(bytes: Uint8Array): Uint8Array {
  if (!bytes.includes(PERCENT) && !bytes.includes(PLUS)) return bytes;
  const decoded = new Uint8Array(bytes.length);
  let length = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (byte === PLUS) {
      decoded[length++] = SPACE;
      continue;
    }
    if (byte === PERCENT) {
      const high = hexValue(bytes[index + 1]);
      const low = hexValue(bytes[index + 2]);
      if (high !== -1 && low !== -1) {
        decoded[length++] = high * 16 + low;
        index += 2;
        continue;
      }
    }
    decoded[length++] = byte;
  }
  return decoded.subarray(0, length);
}
