import { describe, expect, it } from "vitest";

import { AppError } from "@cr/domain";

import { encodeBmp24 } from "../../../test/pictures/bmp";
import { fromPixels, makeGif, makeJpeg, makePng, pngHeaderOnly, RED } from "../../../test/pictures/images";
import { inspectImage, MAX_PICTURE_BYTES } from "./inspect-image";

function refusal(run: () => unknown): { code: string; message: string; field: string | undefined } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const { code, message, field } = error as AppError;
    return { code, message, field };
  }
  throw new Error("expected a refusal");
}

const UNSUPPORTED = { code: "unsupported_file_type", message: "image format not supported.", field: "imageFile" };
const TOO_LARGE = { code: "exceeded_file_size", message: "image size should not exceed 2Mo", field: "imageFile" };
const TOO_MANY_PIXELS = {
  code: "invalid_param",
  message: "image dimensions should not exceed 40 megapixels",
  field: "imageFile",
};

describe("inspectImage", () => {
  it("reads the type and dimensions of real JPEG, PNG, GIF and BMP files", async () => {
    expect(inspectImage(await makeJpeg(300, 200, { exif: true }))).toEqual({ format: "jpeg", width: 300, height: 200 });
    expect(inspectImage(await makePng(70, 40))).toEqual({ format: "png", width: 70, height: 40 });
    expect(inspectImage(await makeGif(33, 21))).toEqual({ format: "gif", width: 33, height: 21 });
    expect(inspectImage(encodeBmp24(5, 3, () => RED))).toEqual({ format: "bmp", width: 5, height: 3 });
  });

  it("reads a progressive JPEG's frame header", async () => {
    const progressive = new Uint8Array(await fromPixels(64, 48).jpeg({ progressive: true }).toBuffer());
    expect(inspectImage(progressive)).toEqual({ format: "jpeg", width: 64, height: 48 });
  });

  it("reads a top-down BMP's negative height as its height", () => {
    expect(inspectImage(encodeBmp24(4, 6, () => RED, { topDown: true }))).toEqual({ format: "bmp", width: 4, height: 6 });
  });

  it("refuses a file over 2 MiB before looking at it, and accepts exactly 2 MiB", async () => {
    const png = await makePng(8, 8);
    const oversized = new Uint8Array(MAX_PICTURE_BYTES + 1);
    oversized.set(png);
    expect(refusal(() => inspectImage(oversized))).toEqual(TOO_LARGE);
    expect(refusal(() => inspectImage(new Uint8Array(MAX_PICTURE_BYTES + 1)))).toEqual(TOO_LARGE);

    const exactly = new Uint8Array(MAX_PICTURE_BYTES);
    exactly.set(png);
    expect(inspectImage(exactly).format).toBe("png");
  });

  it("refuses HTML, SVG, text and empty files whatever their name", () => {
    const html = new TextEncoder().encode("<!doctype html><html><script>alert(1)</script></html>");
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const xmlSvg = new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>');
    for (const bytes of [html, svg, xmlSvg, new TextEncoder().encode("GIF"), new Uint8Array(0)]) {
      expect(refusal(() => inspectImage(bytes))).toEqual(UNSUPPORTED);
    }
  });

  it("refuses a PNG header claiming 20000x20000 pixels from its header alone", () => {
    expect(refusal(() => inspectImage(pngHeaderOnly(20_000, 20_000)))).toEqual(TOO_MANY_PIXELS);
    // Exactly 40 megapixels is allowed.
    expect(inspectImage(pngHeaderOnly(8000, 5000))).toEqual({ format: "png", width: 8000, height: 5000 });
    expect(refusal(() => inspectImage(pngHeaderOnly(8000, 5001)))).toEqual(TOO_MANY_PIXELS);
  });

  it("refuses huge canvases claimed by GIF, JPEG and BMP headers", async () => {
    const gif = await makeGif(4, 4);
    new DataView(gif.buffer).setUint16(6, 65535, true);
    new DataView(gif.buffer).setUint16(8, 65535, true);
    expect(refusal(() => inspectImage(gif))).toEqual(TOO_MANY_PIXELS);

    const bmp = encodeBmp24(2, 2, () => RED);
    new DataView(bmp.buffer).setInt32(18, 10_000, true);
    new DataView(bmp.buffer).setInt32(22, -10_000, true);
    expect(refusal(() => inspectImage(bmp))).toEqual(TOO_MANY_PIXELS);

    const jpeg = await makeJpeg(16, 16);
    const sof = findSof(jpeg);
    new DataView(jpeg.buffer).setUint16(sof + 3, 60_000); // height
    new DataView(jpeg.buffer).setUint16(sof + 5, 60_000); // width
    expect(refusal(() => inspectImage(jpeg))).toEqual(TOO_MANY_PIXELS);
  });

  it("refuses truncated or unreadable headers", async () => {
    const png = await makePng(8, 8);
    const jpeg = await makeJpeg(8, 8);
    const gif = await makeGif(8, 8);
    const bmp = encodeBmp24(8, 8, () => RED);
    const zeroWidthPng = pngHeaderOnly(0, 10);
    const notIhdr = pngHeaderOnly(10, 10);
    notIhdr.set([0x49, 0x44, 0x41, 0x54], 12); // IDAT first
    const coreHeaderBmp = bmp.slice();
    new DataView(coreHeaderBmp.buffer).setUint32(14, 12, true); // OS/2 core header: not decodable here
    for (const bytes of [
      png.subarray(0, 20),
      jpeg.subarray(0, findSof(jpeg)),
      new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
      gif.subarray(0, 8),
      bmp.subarray(0, 20),
      zeroWidthPng,
      notIhdr,
      coreHeaderBmp,
    ]) {
      expect(refusal(() => inspectImage(bytes))).toEqual(UNSUPPORTED);
    }
  });
});

/** The offset of the SOF0/SOF2 marker's length field. */
function findSof(jpeg: Uint8Array): number {
  for (let i = 2; i < jpeg.length - 1; i++) {
    if (jpeg[i] === 0xff && (jpeg[i + 1] === 0xc0 || jpeg[i + 1] === 0xc2)) return i + 2;
  }
  throw new Error("no SOF marker");
}
