import { describe, expect, it } from "vitest";

import { AppError } from "@cr/domain";

import { encodeBmp24, encodeBmp32, encodeBmp8 } from "../../../test/pictures/bmp";
import { BLUE, GREEN, RED, YELLOW, type Rgb } from "../../../test/pictures/images";
import { decodeBmp } from "./decode-bmp";

const colourAt = (x: number, y: number): Rgb => (y === 0 ? (x < 2 ? RED : GREEN) : x < 2 ? BLUE : YELLOW);

function pixels(data: Uint8Array, channels: number) {
  const out: number[][] = [];
  for (let i = 0; i < data.length; i += channels) out.push([...data.subarray(i, i + channels)]);
  return out;
}

describe("decodeBmp", () => {
  it("decodes a 24-bit BMP to opaque RGB in reading order", () => {
    const decoded = decodeBmp(encodeBmp24(3, 2, colourAt));
    expect({ width: decoded.width, height: decoded.height, channels: decoded.channels }).toEqual({
      width: 3,
      height: 2,
      channels: 3,
    });
    expect(pixels(decoded.data, 3)).toEqual([RED, RED, GREEN, BLUE, BLUE, YELLOW]);
  });

  it("decodes an 8-bit palette BMP with its colours", () => {
    const decoded = decodeBmp(encodeBmp8(3, 2, colourAt));
    expect(decoded.channels).toBe(3);
    expect(pixels(decoded.data, 3)).toEqual([RED, RED, GREEN, BLUE, BLUE, YELLOW]);
  });

  it("keeps the alpha of a 32-bit BMP with an alpha mask", () => {
    const decoded = decodeBmp(encodeBmp32(2, 1, (x) => (x === 0 ? [...RED, 255] : [...BLUE, 128])));
    expect(decoded.channels).toBe(4);
    expect(pixels(decoded.data, 4)).toEqual([
      [...RED, 255],
      [...BLUE, 128],
    ]);
  });

  it("treats a 32-bit BMP whose alpha bytes are all 0 as opaque", () => {
    const decoded = decodeBmp(encodeBmp32(2, 1, (x) => (x === 0 ? [...RED, 0] : [...BLUE, 0])));
    expect(decoded.channels).toBe(3);
    expect(pixels(decoded.data, 3)).toEqual([RED, BLUE]);
  });

  it("refuses RLE-compressed and truncated BMPs", () => {
    const rle = encodeBmp8(4, 4, () => RED);
    new DataView(rle.buffer).setUint32(30, 1, true); // BI_RLE8
    const truncated = encodeBmp24(40, 40, () => RED).subarray(0, 1000);
    for (const bytes of [rle, truncated]) {
      expect(() => decodeBmp(bytes)).toThrow(AppError);
      expect(() => decodeBmp(bytes)).toThrow("image format not supported.");
    }
  });
});
