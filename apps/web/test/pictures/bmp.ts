/**
 * A tiny 24-bit BMP encoder for tests (sharp cannot write BMP): BITMAPFILEHEADER
 * + BITMAPINFOHEADER, rows padded to 4 bytes, pixels stored B,G,R.
 */
import type { Rgb } from "./images";

export function encodeBmp24(
  width: number,
  height: number,
  pixelAt: (x: number, y: number) => Rgb,
  options: { topDown?: boolean } = {},
): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const pixelBytes = rowBytes * height;
  const offset = 14 + 40;
  const bytes = new Uint8Array(offset + pixelBytes);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; // B
  bytes[1] = 0x4d; // M
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, options.topDown ? -height : height, true);
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, 24, true); // bits per pixel
  view.setUint32(30, 0, true); // BI_RGB
  view.setUint32(34, pixelBytes, true);
  view.setInt32(38, 2835, true); // 72 dpi
  view.setInt32(42, 2835, true);
  for (let row = 0; row < height; row++) {
    // Bottom-up files store the last image row first.
    const y = options.topDown ? row : height - 1 - row;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixelAt(x, y);
      const at = offset + row * rowBytes + x * 3;
      bytes[at] = b;
      bytes[at + 1] = g;
      bytes[at + 2] = r;
    }
  }
  return bytes;
}

/** An 8-bit palette BMP (at most 256 distinct colours), rows padded to 4 bytes. */
export function encodeBmp8(width: number, height: number, pixelAt: (x: number, y: number) => Rgb): Uint8Array {
  const palette: Rgb[] = [];
  const indexOf = (colour: Rgb) => {
    let index = palette.findIndex((c) => c.every((v, i) => v === colour[i]));
    if (index < 0) index = palette.push(colour) - 1;
    return index;
  };
  const rowBytes = Math.ceil(width / 4) * 4;
  const rows: number[][] = [];
  for (let row = 0; row < height; row++) {
    const y = height - 1 - row;
    rows.push(Array.from({ length: width }, (_, x) => indexOf(pixelAt(x, y))));
  }
  const offset = 14 + 40 + palette.length * 4;
  const bytes = new Uint8Array(offset + rowBytes * height);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 8, true);
  view.setUint32(46, palette.length, true); // colours used
  palette.forEach(([r, g, b], i) => bytes.set([b, g, r, 0], 54 + i * 4));
  rows.forEach((indices, row) => bytes.set(indices, offset + row * rowBytes));
  return bytes;
}

/** A 32-bit BMP with a BITMAPV4HEADER and an alpha mask (B,G,R,A bytes per pixel). */
export function encodeBmp32(
  width: number,
  height: number,
  pixelAt: (x: number, y: number) => readonly [number, number, number, number],
): Uint8Array {
  const offset = 14 + 108;
  const bytes = new Uint8Array(offset + width * height * 4);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, 108, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 32, true);
  view.setUint32(30, 3, true); // BI_BITFIELDS
  view.setUint32(54, 0x00ff0000, true); // red mask
  view.setUint32(58, 0x0000ff00, true); // green mask
  view.setUint32(62, 0x000000ff, true); // blue mask
  view.setUint32(66, 0xff000000, true); // alpha mask
  bytes.set([0x20, 0x6e, 0x69, 0x57], 70); // "Win " colour space
  for (let row = 0; row < height; row++) {
    const y = height - 1 - row;
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixelAt(x, y);
      bytes.set([b, g, r, a], offset + (row * width + x) * 4);
    }
  }
  return bytes;
}
