import sharp from "sharp";
import { describe, expect, it } from "vitest";

import { AppError } from "@cr/domain";

import { encodeBmp24 } from "../../../test/pictures/bmp";
import {
  BLUE,
  closeTo,
  fromPixels,
  GREEN,
  makeGif,
  makeJpeg,
  makePng,
  pixelOf,
  pngHeaderOnly,
  RED,
  YELLOW,
  type Rgb,
} from "../../../test/pictures/images";
import { preparePicture, safePictureName, type PreparedPicture } from "./prepare-picture";

const NOW = new Date("2026-11-27T10:00:00.123Z");
const STAMP = NOW.getTime();

/** The generated name of `picture`, checked against `<timestamp>_<random>_<safe name>`. */
function generatedName(picture: PreparedPicture, safeName: string): string {
  expect(picture.fileName.startsWith(`${STAMP}_`)).toBe(true);
  expect(picture.fileName.endsWith(`_${safeName}`)).toBe(true);
  expect(picture.fileName).toMatch(/^\d+_[0-9a-f]{16}_/);
  expect(picture.fileName).toHaveLength(`${STAMP}_`.length + 17 + safeName.length);
  return picture.fileName;
}

async function describeFiles(picture: PreparedPicture) {
  return Promise.all(
    picture.files.map(async (file) => {
      const meta = await sharp(file.bytes).metadata();
      return {
        fileName: file.fileName,
        contentType: file.contentType,
        format: meta.format,
        width: meta.width,
        height: meta.height,
      };
    }),
  );
}

async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, message: (error as AppError).message };
}

describe("preparePicture", () => {
  it("names each upload <timestamp>_<random>_<safe name>: never twice the same, even in one millisecond", async () => {
    const bytes = await makePng(20, 20);
    const pictures = await Promise.all(Array.from({ length: 20 }, () => preparePicture({ fileName: "logo.png", bytes }, NOW)));
    for (const picture of pictures) {
      const name = generatedName(picture, "logo.png");
      expect(picture.files.map((file) => file.fileName)).toEqual([name, `small_${name}`, `medium_${name}`]);
    }
    expect(new Set(pictures.map((picture) => picture.fileName)).size).toBe(20);
  });

  it("re-encodes a JPEG as three JPEGs: the picture, small_ (fits 128) and medium_ (fits 512)", async () => {
    const picture = await preparePicture({ fileName: "Shop Front.JPG", bytes: await makeJpeg(800, 600) }, NOW);
    const name = generatedName(picture, "shop_front.jpg");
    expect(picture.fileName).toBe(name);
    expect(await describeFiles(picture)).toEqual([
      { fileName: name, contentType: "image/jpeg", format: "jpeg", width: 800, height: 600 },
      { fileName: `small_${name}`, contentType: "image/jpeg", format: "jpeg", width: 128, height: 96 },
      { fileName: `medium_${name}`, contentType: "image/jpeg", format: "jpeg", width: 512, height: 384 },
    ]);
  });

  it("drops EXIF metadata present in the upload", async () => {
    const upload = await makeJpeg(300, 200, { exif: true });
    const before = await sharp(upload).metadata();
    expect(before.exif?.toString("latin1")).toContain("secret-copyright");

    const picture = await preparePicture({ fileName: "a.jpg", bytes: upload }, NOW);
    for (const file of picture.files) {
      const meta = await sharp(file.bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(Buffer.from(file.bytes).toString("latin1")).not.toContain("secret");
    }

    const pngUpload = await makePng(50, 40, { exif: true });
    expect((await sharp(pngUpload).metadata()).exif).toBeDefined();
    const png = await preparePicture({ fileName: "a.png", bytes: pngUpload }, NOW);
    for (const file of png.files) expect((await sharp(file.bytes).metadata()).exif).toBeUndefined();
  });

  it("applies the EXIF orientation to the pixels before dropping it", async () => {
    // Orientation 6: the stored 300x200 picture is shown rotated 90° clockwise.
    const picture = await preparePicture(
      { fileName: "phone.jpg", bytes: await makeJpeg(300, 200, { orientation: 6 }) },
      NOW,
    );
    const [original, small] = await describeFiles(picture);
    expect([original!.width, original!.height]).toEqual([200, 300]);
    expect([small!.width, small!.height]).toEqual([85, 128]);
    // The top-left quadrant (red) ends up top-right once rotated clockwise.
    expect(closeTo(await pixelOf(picture.files[0]!.bytes, 150, 50), RED, 30)).toBe(true);
    expect(closeTo(await pixelOf(picture.files[0]!.bytes, 50, 50), BLUE, 30)).toBe(true);
  });

  it("never enlarges a small picture, and keeps a PNG a PNG with its exact colours", async () => {
    const picture = await preparePicture({ fileName: "logo.png", bytes: await makePng(100, 50) }, NOW);
    const name = generatedName(picture, "logo.png");
    expect(await describeFiles(picture)).toEqual([
      { fileName: name, contentType: "image/png", format: "png", width: 100, height: 50 },
      { fileName: `small_${name}`, contentType: "image/png", format: "png", width: 100, height: 50 },
      { fileName: `medium_${name}`, contentType: "image/png", format: "png", width: 100, height: 50 },
    ]);
    expect(await pixelOf(picture.files[0]!.bytes, 10, 10)).toEqual(RED);
    expect(await pixelOf(picture.files[0]!.bytes, 90, 40)).toEqual(YELLOW);
  });

  it("stores a GIF as a PNG of its first frame", async () => {
    const picture = await preparePicture({ fileName: "anim.gif", bytes: await makeGif(600, 300) }, NOW);
    const name = generatedName(picture, "anim.png");
    expect(await describeFiles(picture)).toEqual([
      { fileName: name, contentType: "image/png", format: "png", width: 600, height: 300 },
      { fileName: `small_${name}`, contentType: "image/png", format: "png", width: 128, height: 64 },
      { fileName: `medium_${name}`, contentType: "image/png", format: "png", width: 512, height: 256 },
    ]);
    expect(closeTo(await pixelOf(picture.files[0]!.bytes, 10, 10), RED, 20)).toBe(true);
    expect(closeTo(await pixelOf(picture.files[0]!.bytes, 590, 10), GREEN, 20)).toBe(true);
  });

  it.each([
    { layout: "bottom-up", topDown: false },
    { layout: "top-down", topDown: true },
  ])("stores a 24-bit $layout BMP as a PNG with the same colours", async ({ topDown }) => {
    // Odd width: every row carries padding bytes.
    const colourAt = (x: number, y: number): Rgb => (y < 2 ? (x < 3 ? RED : GREEN) : x < 3 ? BLUE : YELLOW);
    const bmp = encodeBmp24(7, 5, colourAt, { topDown });
    const picture = await preparePicture({ fileName: "scan.BMP", bytes: bmp }, NOW);
    const name = generatedName(picture, "scan.png");
    expect(await describeFiles(picture)).toEqual([
      { fileName: name, contentType: "image/png", format: "png", width: 7, height: 5 },
      { fileName: `small_${name}`, contentType: "image/png", format: "png", width: 7, height: 5 },
      { fileName: `medium_${name}`, contentType: "image/png", format: "png", width: 7, height: 5 },
    ]);
    const { data, info } = await sharp(picture.files[0]!.bytes).raw().toBuffer({ resolveWithObject: true });
    // Opaque: alpha forced to 255 (bmp-ts leaves 0 for 24-bit), so it is dropped entirely.
    expect(info.channels).toBe(3);
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 7; x++) {
        const at = (y * 7 + x) * 3;
        expect([data[at], data[at + 1], data[at + 2]]).toEqual(colourAt(x, y));
      }
    }
  });

  it("resizes a large BMP's variants", async () => {
    const bmp = encodeBmp24(640, 200, (x) => (x < 320 ? RED : BLUE));
    const picture = await preparePicture({ fileName: "wide.bmp", bytes: bmp }, NOW);
    const sizes = (await describeFiles(picture)).map(({ width, height }) => [width, height]);
    expect(sizes).toEqual([
      [640, 200],
      [128, 40],
      [512, 160],
    ]);
  });

  it("refuses an HTML page named .png, whatever its declared name", async () => {
    const html = new TextEncoder().encode("<html><body><script>alert(document.cookie)</script></body></html>");
    expect(await refusalOf(preparePicture({ fileName: "photo.png", bytes: html }, NOW))).toEqual({
      code: "unsupported_file_type",
      message: "image format not supported.",
    });
  });

  it("refuses an SVG", async () => {
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    expect((await refusalOf(preparePicture({ fileName: "logo.svg", bytes: svg }, NOW))).code).toBe(
      "unsupported_file_type",
    );
  });

  it("refuses a truncated PNG or JPEG when decoding fails", async () => {
    const png = await fromPixels(300, 300).png({ compressionLevel: 0 }).toBuffer();
    const truncatedPng = new Uint8Array(png.subarray(0, Math.floor(png.length / 2)));
    expect((await refusalOf(preparePicture({ fileName: "cut.png", bytes: truncatedPng }, NOW))).code).toBe(
      "unsupported_file_type",
    );
    const jpeg = await makeJpeg(300, 300);
    const truncatedJpeg = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    expect((await refusalOf(preparePicture({ fileName: "cut.jpg", bytes: truncatedJpeg }, NOW))).code).toBe(
      "unsupported_file_type",
    );
  });

  it("refuses a truncated BMP", async () => {
    const bmp = encodeBmp24(40, 40, () => RED);
    expect((await refusalOf(preparePicture({ fileName: "cut.bmp", bytes: bmp.subarray(0, 2000) }, NOW))).code).toBe(
      "unsupported_file_type",
    );
  });

  it("refuses a file of 2 MiB + 1 byte", async () => {
    const bytes = new Uint8Array(2 * 1024 * 1024 + 1);
    bytes.set(await makePng(4, 4));
    expect(await refusalOf(preparePicture({ fileName: "big.png", bytes }, NOW))).toEqual({
      code: "exceeded_file_size",
      message: "image size should not exceed 2Mo",
    });
  });

  it("refuses a PNG claiming 20000x20000 pixels without decoding it", async () => {
    // The header has no pixel data after it: had it reached the decoder, the
    // answer would be unsupported_file_type, and 400 MP would take seconds.
    const started = performance.now();
    expect(await refusalOf(preparePicture({ fileName: "bomb.png", bytes: pngHeaderOnly(20_000, 20_000) }, NOW))).toEqual(
      { code: "invalid_param", message: "image dimensions should not exceed 40 megapixels" },
    );
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe("safePictureName", () => {
  it.each([
    ["Shop Front.JPG", "jpg", "shop_front.jpg"],
    ["photo.png", "png", "photo.png"],
    ["anim.gif", "png", "anim.png"],
    ["Café Crème (2).jpeg", "jpg", "cafe_creme_2.jpg"],
    ["C:\\Users\\me\\Desktop\\Logo.bmp", "png", "logo.png"],
    ["/etc/passwd", "jpg", "passwd.jpg"],
    ["../../secret.png", "png", "secret.png"],
    ["..", "png", "image.png"],
    [".htaccess", "png", "htaccess.png"],
    ["...hidden...png", "png", "hidden.png"],
    ["a..b.png", "png", "a.b.png"],
    ["a__b  c--d.png", "png", "a_b_c--d.png"],
    ["", "jpg", "image.jpg"],
    ["店舗.png", "png", "image.png"],
    ["%2e%2e%2fx.png", "png", "2e_2e_2fx.png"],
    ["nul\u0000byte.png", "png", "nul_byte.png"],
    ["no-extension", "jpg", "no-extension.jpg"],
  ])("%j -> %j", (original, extension, expected) => {
    expect(safePictureName(original, extension)).toBe(expected);
  });

  it("keeps at most 100 characters, extension included, and never ends the stem with a dot", () => {
    const long = safePictureName(`${"a".repeat(95)}.${"b".repeat(50)}.png`, "png");
    expect(long).toBe(`${"a".repeat(95)}.png`);
    const cut = safePictureName(`${"x".repeat(150)}.jpeg`, "jpg");
    expect(cut).toBe(`${"x".repeat(96)}.jpg`);
    expect(cut.length).toBe(100);
    const dotted = safePictureName(`${"a".repeat(95)}.bbbb.png`, "png");
    expect(dotted).toBe(`${"a".repeat(95)}.png`);
    for (const name of [long, dotted, cut]) expect(name).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
  });
});
