/**
 * The cheap checks that run on an uploaded customer picture before any decoder
 * sees it (SPEC §3 `imageFile`): the size, the type read from the magic bytes
 * (never from the file name or the part's content type) and the dimensions read
 * from the header alone, so that a small file claiming a huge canvas (a
 * "decompression bomb") is refused without allocating its pixels.
 */
import { AppError, errors } from "@cr/domain";

export const MAX_PICTURE_BYTES = 2 * 1024 * 1024;
export const MAX_PICTURE_PIXELS = 40_000_000;

export type PictureFormat = "jpeg" | "gif" | "png" | "bmp";

export interface ImageInfo {
  format: PictureFormat;
  width: number;
  height: number;
}

/**
 * The legacy page has no code for an over-sized canvas: `unsupported_file_type`
 * would tell the client the format is wrong when it is not, so the refusal is an
 * `invalid_param` on `imageFile` with its own text.
 */
export function pictureTooLarge(): AppError {
  return new AppError("invalid_param", "image dimensions should not exceed 40 megapixels", { field: "imageFile" });
}

export function inspectImage(bytes: Uint8Array): ImageInfo {
  if (bytes.length > MAX_PICTURE_BYTES) throw errors.fileTooLarge();
  const format = sniffFormat(bytes);
  if (!format) throw errors.unsupportedFileType();
  const size = readDimensions(format, bytes);
  if (!size || size.width <= 0 || size.height <= 0) throw errors.unsupportedFileType();
  if (size.width * size.height > MAX_PICTURE_PIXELS) throw pictureTooLarge();
  return { format, ...size };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

function sniffFormat(bytes: Uint8Array): PictureFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "gif";
  if (startsWith(bytes, PNG_SIGNATURE)) return "png";
  if (startsWith(bytes, ascii("BM"))) return "bmp";
  return null;
}

type Size = { width: number; height: number };

function readDimensions(format: PictureFormat, bytes: Uint8Array): Size | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (format) {
    case "png":
      return pngSize(bytes, view);
    case "gif":
      return bytes.length < 10 ? null : { width: view.getUint16(6, true), height: view.getUint16(8, true) };
    case "jpeg":
      return jpegSize(bytes, view);
    case "bmp":
      return bmpSize(view);
  }
}

function pngSize(bytes: Uint8Array, view: DataView): Size | null {
  // The first chunk must be IHDR: length 13, type, width, height (big-endian).
  if (bytes.length < 24 || view.getUint32(8) !== 13) return null;
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") return null;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  // The PNG specification caps both at 2^31 - 1.
  if (width > 0x7fffffff || height > 0x7fffffff) return null;
  return { width, height };
}

/** Walks the marker segments up to the first SOFn (baseline, progressive, lossless, arithmetic). */
function jpegSize(bytes: Uint8Array, view: DataView): Size | null {
  let pos = 2;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) return null;
    // Any number of 0xFF fill bytes may precede a marker.
    while (bytes[pos] === 0xff) pos++;
    if (pos >= bytes.length) return null;
    const marker = bytes[pos]!;
    pos++;
    // Stand-alone markers carry no length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    // End of image or start of scan before any frame header: nothing to read.
    if (marker === 0xd9 || marker === 0xda || marker === 0xd8) return null;
    if (pos + 2 > bytes.length) return null;
    const length = view.getUint16(pos);
    if (length < 2) return null;
    const isFrameHeader = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrameHeader) {
      // length(2) precision(1) height(2) width(2)
      if (length < 7 || pos + 7 > bytes.length) return null;
      return { height: view.getUint16(pos + 3), width: view.getUint16(pos + 5) };
    }
    pos += length;
  }
  return null;
}

/** The info header sizes that the BMP decoder (bmp-ts) understands. */
const BMP_INFO_HEADER_SIZES = new Set([40, 52, 56, 108, 124]);

function bmpSize(view: DataView): Size | null {
  // 14-byte file header, then the info header: size(4) width(4) height(4), little-endian.
  if (view.byteLength < 26) return null;
  const headerSize = view.getUint32(14, true);
  if (!BMP_INFO_HEADER_SIZES.has(headerSize)) return null;
  const width = view.getInt32(18, true);
  const height = view.getInt32(22, true);
  // A negative height means the rows are stored top-down; a negative width is invalid.
  if (width <= 0 || height === 0 || height === -0x80000000) return null;
  return { width, height: Math.abs(height) };
}
