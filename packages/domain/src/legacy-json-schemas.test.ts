import { describe, expect, it } from "vitest";
import { z } from "zod";

import { legacyCustomerJsonKeys, toLegacyCustomerJson } from "./legacy-json";
import {
  LegacyCustomerCategoryJson,
  LegacyCustomerJson,
  LegacyErrorJson,
  LegacyRegionJson,
  LegacyUserJson,
} from "./legacy-json-schemas";
import { toLegacyCustomerCategoryJson, toLegacyRegionJson, toLegacyUserJson } from "./legacy-related-json";
import { aCustomerView } from "./test-factories";

const options = { apiVersion: "v2.1", baseUrl: "https://records.example.com" } as const;

describe("LegacyCustomerJson", () => {
  it("has the keys of the page's success output, in the page's order", () => {
    expect(Object.keys(LegacyCustomerJson.shape)).toEqual([...legacyCustomerJsonKeys]);
    expect(z.toJSONSchema(LegacyCustomerJson).required).toEqual([...legacyCustomerJsonKeys]);
  });

  it("accepts what toLegacyCustomerJson answers, with and without the optional links", () => {
    expect(LegacyCustomerJson.safeParse(toLegacyCustomerJson(aCustomerView(), options)).success).toBe(true);
    const bare = aCustomerView({
      customerSegmentation: null,
      createdBy: null,
      region: null,
      paymentTypes: [],
      logo: null,
      dueDateConfigType: null,
      dueDateConfigNumber: null,
      parentCustomer: { id: 12, reference: "NC-001", name: "Parent" },
      contacts: [{ id: 1, firstName: "Ana", lastName: null, email: null, phone: null, position: null }],
      appliedCashBackOutput: { rate: 0.02 },
    });
    expect(LegacyCustomerJson.parse(toLegacyCustomerJson(bare, options))).toBeTruthy();
  });

  it("refuses a missing key, an extra key and a link to the wrong collection", () => {
    const json = toLegacyCustomerJson(aCustomerView(), options) as Record<string, unknown>;
    const { fax: _fax, ...missing } = json;
    expect(LegacyCustomerJson.safeParse(missing).success).toBe(false);
    expect(LegacyCustomerJson.safeParse({ ...json, version: 1 }).success).toBe(false);
    const wrongLink = { ...json, region: { id: 2, name: "California", href: "/api/v2.1/users/2" } };
    expect(LegacyCustomerJson.safeParse(wrongLink).success).toBe(false);
    const wrongVersion = { ...json, region: { id: 2, name: "California", href: "/api/v3.0/regions/2" } };
    expect(LegacyCustomerJson.safeParse(wrongVersion).success).toBe(false);
  });
});

describe("the related objects' JSON", () => {
  it("links a category to its parent and to itself", () => {
    const json = toLegacyCustomerCategoryJson(
      { id: 2, reference: "jewelry", name: "Jewelry and accessories", parent: { id: 1, reference: "root", name: "All customers" } },
      { apiVersion: "v1.0" },
    );
    expect(json).toEqual({
      id: 2,
      reference: "jewelry",
      name: "Jewelry and accessories",
      parent: { id: 1, reference: "root", name: "All customers", href: "/api/v1.0/customerCategories/1" },
      href: "/api/v1.0/customerCategories/2",
    });
    expect(LegacyCustomerCategoryJson.parse(json)).toEqual(json);
  });

  it("shows a region's level and a root region without parent", () => {
    const json = toLegacyRegionJson({ id: 1, reference: "us", name: "United States", level: 1, parent: null }, { apiVersion: "v2.1" });
    expect(json).toEqual({ id: 1, reference: "us", name: "United States", level: 1, parent: null, href: "/api/v2.1/regions/1" });
    expect(LegacyRegionJson.parse(json)).toEqual(json);
  });

  it("shows a user without any credential", () => {
    const json = toLegacyUserJson({ id: 2, reference: "emp-002", email: "sales@entity1.test", name: "Sam Sales" }, { apiVersion: "v1.0" });
    expect(Object.keys(json)).toEqual(["id", "reference", "email", "name", "href"]);
    expect(LegacyUserJson.safeParse({ ...json, passwordHash: "x" }).success).toBe(false);
  });
});

describe("LegacyErrorJson", () => {
  it("is exactly {error, error_description} with a code of the contract", () => {
    expect(LegacyErrorJson.safeParse({ error: "not_found", error_description: "x" }).success).toBe(true);
    expect(LegacyErrorJson.safeParse({ error: "oops", error_description: "x" }).success).toBe(false);
    expect(LegacyErrorJson.safeParse({ error: "not_found", error_description: "x", stack: "" }).success).toBe(false);
  });
});
