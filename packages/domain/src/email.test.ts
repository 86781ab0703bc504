import { describe, expect, it } from "vitest";

import { normalizeEmail } from "./email";

describe("normalizeEmail", () => {
  it.each([
    ["  Admin@Entity1.TEST ", "admin@entity1.test"],
    ["ａｄｍｉｎ@entity1.test", "admin@entity1.test"],
    ["\u3000admin@entity1.test\u3000", "admin@entity1.test"],
    ["ÉCOLE@example.test", "école@example.test"],
    ["E\u0301cole@example.test", "école@example.test"],
  ])("spells %j as %j", (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it("keeps the dotted capital I apart from a plain i, in any locale", () => {
    const dotted = normalizeEmail("admİn@entity1.test");
    expect(dotted).toBe("admi\u0307n@entity1.test");
    expect(dotted).not.toBe(normalizeEmail("admin@entity1.test"));
  });

  it("is stable: a normalized e-mail normalizes to itself", () => {
    for (const raw of ["admİn@entity1.test", "ℌello@x.test", "ǅemal@x.test", "ﬁle@x.test", "ΣΑΣ@x.test", "straße@x.test"]) {
      const once = normalizeEmail(raw);
      expect(normalizeEmail(once)).toBe(once);
    }
  });
});
