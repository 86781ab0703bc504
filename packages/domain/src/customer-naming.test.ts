import { describe, expect, it } from "vitest";

import { customerNamingOf, customerNamingTexts, customerReferenceParameter } from "./customer-naming";
import { describeRefusal } from "./test-factories";

describe("customerNamingOf", () => {
  it("names the customer by id, trimmed", () => {
    expect(customerNamingOf({ id: " 257 " })).toEqual({ id: "257" });
    expect(customerNamingOf({ id: "NC-3" })).toEqual({ id: "NC-3" });
  });

  it("names the customer by customerReference, trimmed, even when it is all digits", () => {
    expect(customerNamingOf({ customerReference: " 10025 " })).toEqual({ customerReference: "10025" });
    expect(customerNamingOf({ customerReference: "NC-3" })).toEqual({ customerReference: "NC-3" });
    expect(customerReferenceParameter).toBe("customerReference");
  });

  it("takes an empty or blank value as no value", () => {
    expect(customerNamingOf({ id: "", customerReference: "10025" })).toEqual({ customerReference: "10025" });
    expect(customerNamingOf({ id: "257", customerReference: "  " })).toEqual({ id: "257" });
  });

  it("refuses both as an invalid customerReference, with a text that names both", () => {
    expect(describeRefusal(() => customerNamingOf({ id: "257", customerReference: "10025" }))).toEqual({
      code: "invalid_param",
      status: 400,
      message: customerNamingTexts.both,
      field: "customerReference",
    });
    expect(customerNamingTexts.both).toBe("Name the customer by id or by customerReference, not both.");
  });

  it("refuses neither as a missing id, in the words of an item without id", () => {
    for (const values of [{}, { id: " ", customerReference: "" }]) {
      expect(describeRefusal(() => customerNamingOf(values))).toEqual({
        code: "missing_param",
        status: 400,
        message: "id parameter is missing",
        field: "id",
      });
    }
  });
});
