import { describe, expect, it } from "vitest";

import { safeNextPath } from "./safe-next-path";

describe("safeNextPath", () => {
  it("keeps a path of this site, with its query", () => {
    expect(safeNextPath("/customers/256?tab=history")).toBe("/customers/256?tab=history");
  });

  it("sends anything else to the customer list", () => {
    for (const next of [undefined, ["/a", "/b"], "", "customers", "//evil.example", "/\\evil.example", "https://evil.example"]) {
      expect(safeNextPath(next)).toBe("/customers");
    }
  });
});
