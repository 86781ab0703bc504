/**
 * Turns an uploaded customer picture into the three files that are stored
 * (SPEC §3 `imageFile`): the picture itself and its `small_` (fits 128x128) and
 * `medium_` (fits 512x512) variants, all re-encoded by sharp so that no byte of
 * the upload is served as is and no metadata (EXIF, GPS, comments, ICC) is kept.
 *
 * Output formats: JPEG stays JPEG; PNG, GIF and BMP become PNG. A GIF becomes a
 * PNG of its first frame: re-encoding every frame of an animation would scale
 * the work with the frame count (the size and pixel limits are per frame), and
 * PNG keeps the palette's colours exactly where GIF output would re-quantize.
 */
import { randomBytes } from "node:crypto";

import sharp, { type Sharp } from "sharp";

import { errors, isAppError } from "@cr/domain";

import { decodeBmp } from "./decode-bmp";
import { inspectImage, MAX_PICTURE_PIXELS, pictureTooLarge } from "./inspect-image";

export interface PreparedPictureFile {
  fileName: string;
  bytes: Uint8Array;
  contentType: string;
}

export interface PreparedPicture {
  /** The generated name, `<timestamp>_<random>_<safe name>`; the variants are `small_` and `medium_` before it. */
  fileName: string;
  files: PreparedPictureFile[];
}

export const PICTURE_VARIANTS = [
  { prefix: "small_", size: 128 },
  { prefix: "medium_", size: 512 },
] as const;

type OutputFormat = "jpeg" | "png";

const OUTPUT = {
  jpeg: { extension: "jpg", contentType: "image/jpeg" },
  png: { extension: "png", contentType: "image/png" },
} as const satisfies Record<OutputFormat, { extension: string; contentType: string }>;

const MAX_SAFE_NAME_LENGTH = 100;

export async function preparePicture(
  upload: { fileName: string; bytes: Uint8Array },
  now: Date,
): Promise<PreparedPicture> {
  const info = inspectImage(upload.bytes);
  const format: OutputFormat = info.format === "jpeg" ? "jpeg" : "png";
  const output = OUTPUT[format];
  const fileName = generatedPictureName(now, safePictureName(upload.fileName, output.extension));

  const source = info.format === "bmp" ? decodeBmp(upload.bytes) : null;
  // A fresh pipeline per output: sharp decodes the input again for each, which
  // lets JPEG shrink-on-load make the small variants cheap and never holds the
  // full decoded picture in memory.
  const open = () =>
    (source
      ? sharp(source.data, {
          raw: { width: source.width, height: source.height, channels: source.channels },
          limitInputPixels: MAX_PICTURE_PIXELS,
        })
      : sharp(upload.bytes, { limitInputPixels: MAX_PICTURE_PIXELS, pages: 1 })
    ).rotate();

  const encode = async (pipeline: Sharp): Promise<Uint8Array> => {
    const encoded = format === "jpeg" ? pipeline.jpeg({ quality: 85 }) : pipeline.png();
    try {
      return new Uint8Array(await encoded.toBuffer());
    } catch (error) {
      throw decodingError(error);
    }
  };

  const [original, ...variants] = await Promise.all([
    encode(open()),
    ...PICTURE_VARIANTS.map(({ size }) =>
      encode(open().resize({ width: size, height: size, fit: "inside", withoutEnlargement: true })),
    ),
  ]);

  return {
    fileName,
    files: [
      { fileName, bytes: original!, contentType: output.contentType },
      ...PICTURE_VARIANTS.map(({ prefix }, i) => ({
        fileName: `${prefix}${fileName}`,
        bytes: variants[i]!,
        contentType: output.contentType,
      })),
    ],
  };
}

/**
 * `<timestamp>_<random>_<safe name>`: still the contract's `<timestamp>_<name>`,
 * but two uploads of one file name in the same millisecond (20 customers
 * syncing `logo.png` at once) never get the same name. 64 random bits make a
 * collision practically impossible; should one happen all the same, the
 * storage refuses to replace an existing file and the update fails whole.
 */
function generatedPictureName(now: Date, safeName: string): string {
  return `${now.getTime()}_${randomBytes(8).toString("hex")}_${safeName}`;
}

function decodingError(error: unknown) {
  if (isAppError(error)) return error;
  // The header check already refuses big canvases; this is sharp's own guard
  // (e.g. a GIF frame larger than its logical screen).
  if (error instanceof Error && /pixel limit/i.test(error.message)) return pictureTooLarge();
  return errors.unsupportedFileType();
}

/**
 * The original base name reduced to `[a-z0-9._-]`, with the extension of the
 * stored format: lower-case, accents dropped, every other run of characters
 * turned into one `_`, no `..`, never starting with a dot, at most 100
 * characters, never empty (`image.<ext>`).
 */
export function safePictureName(originalName: string, extension: string): string {
  // Browsers on some systems send a full client path (`C:\Users\...`).
  const baseName = originalName.split(/[\\/]/).pop() ?? "";
  const lastDot = baseName.lastIndexOf(".");
  const stem = lastDot > 0 ? baseName.slice(0, lastDot) : baseName;
  const trim = (s: string) => s.replace(/^[._-]+/, "").replace(/[._-]+$/, "");
  let safe = trim(
    stem
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "_")
      .replace(/_+/g, "_")
      .replace(/\.{2,}/g, "."),
  );
  safe = trim(safe.slice(0, MAX_SAFE_NAME_LENGTH - extension.length - 1));
  return `${safe || "image"}.${extension}`;
}
