import { describe, expect, it } from "vitest";

import { PictureStorageError } from "./picture-names";

describe("PictureStorageError.isNothingLeft", () => {
  it("recognizes the error of another copy of the module (the production server's bundle and Next's)", () => {
    const fromOtherCopy = Object.assign(new Error("upload failed"), { name: "PictureStorageError", nothingLeft: true });
    expect(fromOtherCopy instanceof PictureStorageError).toBe(false);
    expect(PictureStorageError.isNothingLeft(fromOtherCopy)).toBe(true);
  });

  it("is false when a file may be left, or for any other error", () => {
    expect(PictureStorageError.isNothingLeft(new PictureStorageError("partly stored"))).toBe(false);
    expect(PictureStorageError.isNothingLeft(new PictureStorageError("nothing stored", { nothingLeft: true }))).toBe(true);
    expect(PictureStorageError.isNothingLeft(Object.assign(new Error("other"), { nothingLeft: true }))).toBe(false);
    expect(PictureStorageError.isNothingLeft("storage down")).toBe(false);
  });
});
