/** Real pictures made by the tests themselves, with sharp. */
import sharp, { type Sharp } from "sharp";

export type Rgb = readonly [number, number, number];

/** Raw RGB pixels where each quadrant has its own colour, so that rotations and channel swaps show. */
export function quadrants(width: number, height: number, colours: readonly [Rgb, Rgb, Rgb, Rgb]): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = colours[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)]!;
      data.set(colour, (y * width + x) * 3);
    }
  }
  return data;
}

export const RED: Rgb = [220, 20, 30];
export const GREEN: Rgb = [20, 200, 40];
export const BLUE: Rgb = [30, 40, 210];
export const YELLOW: Rgb = [240, 220, 10];
export const FOUR: readonly [Rgb, Rgb, Rgb, Rgb] = [RED, GREEN, BLUE, YELLOW];

export function fromPixels(width: number, height: number, colours = FOUR): Sharp {
  return sharp(quadrants(width, height, colours), { raw: { width, height, channels: 3 } });
}

export async function makeJpeg(width: number, height: number, options: { exif?: boolean; orientation?: number } = {}) {
  let pipeline = fromPixels(width, height);
  if (options.exif || options.orientation) {
    pipeline = pipeline.withMetadata({
      ...(options.orientation ? { orientation: options.orientation } : {}),
      ...(options.exif
        ? { exif: { IFD0: { Copyright: "secret-copyright", Artist: "secret-artist", ImageDescription: "secret" } } }
        : {}),
    });
  }
  return new Uint8Array(await pipeline.jpeg({ quality: 95 }).toBuffer());
}

export async function makePng(width: number, height: number, options: { exif?: boolean } = {}) {
  let pipeline = fromPixels(width, height);
  if (options.exif) pipeline = pipeline.withMetadata({ exif: { IFD0: { Copyright: "secret-copyright" } } });
  return new Uint8Array(await pipeline.png().toBuffer());
}

export async function makeGif(width: number, height: number) {
  return new Uint8Array(await fromPixels(width, height).gif().toBuffer());
}

/** The RGB colour of one pixel of an encoded picture. */
export async function pixelOf(bytes: Uint8Array, x: number, y: number): Promise<Rgb> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

export function closeTo(actual: Rgb, expected: Rgb, tolerance = 12): boolean {
  return actual.every((value, i) => Math.abs(value - expected[i]!) <= tolerance);
}

/** A PNG made of its signature and IHDR chunk only: no pixel data at all. */
export function pngHeaderOnly(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, 13);
  bytes.set([0x49, 0x48, 0x44, 0x52], 12); // IHDR
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 2, 0, 0, 0], 24); // 8-bit RGB
  return bytes;
}
