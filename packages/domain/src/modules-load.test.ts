/**
 * Every module of the package loads. Most of the domain is built when its
 * module loads (the field table, the schemas, the legacy JSON's key order),
 * so a fault there breaks the import itself; imported inside a test, it fails
 * that test rather than a whole test file (which mutation testing would not
 * count as a failed test).
 */
import { describe, expect, it } from "vitest";

const modules = {
  countries: () => import("./countries"),
  "customer-fields": () => import("./customer-fields"),
  "customer-patch": () => import("./customer-patch"),
  email: () => import("./email"),
  errors: () => import("./errors"),
  "field-kinds": () => import("./field-kinds"),
  index: () => import("./index"),
  "legacy-customer-history": () => import("./legacy-customer-history"),
  "legacy-customer-list-query": () => import("./legacy-customer-list-query"),
  "legacy-form": () => import("./legacy-form"),
  "legacy-json": () => import("./legacy-json"),
  "legacy-json-schemas": () => import("./legacy-json-schemas"),
  "legacy-related-json": () => import("./legacy-related-json"),
  "legacy-update-parameters": () => import("./legacy-update-parameters"),
  "update-rules": () => import("./update-rules"),
};

describe("the package's modules", () => {
  it.each(Object.entries(modules))("%s loads", async (_name, load) => {
    await expect(load()).resolves.toBeTypeOf("object");
  });

  it("derive the legacy JSON's key order when they load", async () => {
    const { legacyCustomerJsonKeys } = await import("./legacy-json");
    expect(legacyCustomerJsonKeys).toHaveLength(59);
    expect(legacyCustomerJsonKeys.slice(0, 4)).toEqual(["id", "reference", "reference2", "name"]);
  });
});
