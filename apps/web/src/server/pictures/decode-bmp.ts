/**
 * sharp (libvips) cannot read BMP, so BMP pictures are decoded in JS with
 * bmp-ts and handed to sharp as raw pixels.
 *
 * bmp-ts 1.0.9 quirks this file works around (read in its decoder source):
 * - its native channel order is A,B,G,R per pixel; the `toRGBA` option is not
 *   honoured by the 4- and 8-bit paths and corrupts the 1-bit path, so the
 *   native order is used and converted here;
 * - it writes alpha 0 for 1/4/8/24-bit pixels (no alpha in those formats), so
 *   alpha is kept only for 16/32-bit images with an alpha mask, and even then a
 *   fully transparent result (writers that leave the alpha bytes at 0) is
 *   treated as opaque;
 * - its RLE4/RLE8 paths write pixels at wrong offsets, and its 4-bit path stops
 *   after the first row when the width is odd: those files are refused rather
 *   than stored garbled;
 * - it never checks the buffer length and allocates width*height*4 bytes first,
 *   so the pixel array's size is checked against the file before calling it.
 */
import { errors } from "@cr/domain";
import { decode } from "bmp-ts";

export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHA_BITFIELDS = 6;

export function decodeBmp(bytes: Uint8Array): RawPixels {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 34) throw errors.unsupportedFileType();
  const headerSize = view.getUint32(14, true);
  const width = view.getInt32(18, true);
  const height = Math.abs(view.getInt32(22, true));
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);

  const withMasks = bitsPerPixel === 16 || bitsPerPixel === 32;
  const supported =
    [1, 4, 8, 16, 24, 32].includes(bitsPerPixel) &&
    (compression === BI_RGB || (withMasks && (compression === BI_BITFIELDS || compression === BI_ALPHA_BITFIELDS))) &&
    !(bitsPerPixel === 4 && width % 2 === 1);
  if (!supported || width <= 0 || height <= 0) throw errors.unsupportedFileType();

  // Rows are padded to 4 bytes; the pixel array follows at least the two headers.
  const rowBytes = Math.ceil((width * bitsPerPixel) / 32) * 4;
  if (14 + headerSize + rowBytes * height > bytes.length) throw errors.unsupportedFileType();

  let decoded: { data: Uint8Array; width: number; height: number };
  try {
    decoded = decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    throw errors.unsupportedFileType();
  }

  const abgr = decoded.data;
  const pixels = decoded.width * decoded.height;
  let keepAlpha = false;
  if (withMasks && alphaMask(view, headerSize, compression) !== 0) {
    for (let i = 0; i < pixels; i++) {
      if (abgr[i * 4] !== 0) {
        keepAlpha = true;
        break;
      }
    }
  }

  const channels = keepAlpha ? 4 : 3;
  const out = new Uint8Array(pixels * channels);
  for (let i = 0, o = 0; i < pixels; i++, o += channels) {
    const s = i * 4;
    out[o] = abgr[s + 3]!;
    out[o + 1] = abgr[s + 2]!;
    out[o + 2] = abgr[s + 1]!;
    if (keepAlpha) out[o + 3] = abgr[s]!;
  }
  return { data: out, width: decoded.width, height: decoded.height, channels };
}

/** The alpha mask: in V3+ info headers, or after the colour masks with BI_ALPHA_BITFIELDS. */
function alphaMask(view: DataView, headerSize: number, compression: number): number {
  const offset = 14 + 40 + 12;
  const present = headerSize >= 56 || compression === BI_ALPHA_BITFIELDS;
  if (!present || view.byteLength < offset + 4) return 0;
  return view.getUint32(offset, true);
}
