import { describe, expect, it } from "vitest";

import {
  toLegacyCustomerCategoryJson,
  toLegacyCustomerSegmentationJson,
  toLegacyPaymentTypeJson,
  toLegacyRegionJson,
  toLegacyUserJson,
} from "./legacy-related-json";

const v21 = { apiVersion: "v2.1" } as const;

describe("the JSON of the objects a customer links to", () => {
  it("a category shows its own href and links its parent", () => {
    expect(
      toLegacyCustomerCategoryJson({ id: 3, reference: "rings", name: "Rings", parent: { id: 2, reference: "jewelry", name: "Jewelry" } }, v21),
    ).toEqual({
      id: 3,
      reference: "rings",
      name: "Rings",
      parent: { id: 2, reference: "jewelry", name: "Jewelry", href: "/api/v2.1/customerCategories/2" },
      href: "/api/v2.1/customerCategories/3",
    });
    expect(toLegacyCustomerCategoryJson({ id: 1, reference: "root", name: "All", parent: null }, v21).parent).toBeNull();
  });

  it("a segmentation and a payment type show their own href", () => {
    expect(toLegacyCustomerSegmentationJson({ id: 5, reference: "seg_b", name: "B" }, v21)).toEqual({
      id: 5,
      reference: "seg_b",
      name: "B",
      href: "/api/v2.1/customerSegmentations/5",
    });
    expect(toLegacyPaymentTypeJson({ id: 7, reference: "cash", name: "Cash" }, v21)).toEqual({
      id: 7,
      reference: "cash",
      name: "Cash",
      href: "/api/v2.1/paymentTypes/7",
    });
  });

  it("a region shows its level and links its parent", () => {
    expect(
      toLegacyRegionJson({ id: 4, reference: "06", name: "Alpes-Maritimes", level: 3, parent: { id: 2, reference: "paca", name: "PACA" } }, v21),
    ).toEqual({
      id: 4,
      reference: "06",
      name: "Alpes-Maritimes",
      level: 3,
      parent: { id: 2, reference: "paca", name: "PACA", href: "/api/v2.1/regions/2" },
      href: "/api/v2.1/regions/4",
    });
    expect(toLegacyRegionJson({ id: 1, reference: "fr", name: "France", level: 1, parent: null }, v21).parent).toBeNull();
  });

  it("a user shows its reference, e-mail and name, never a credential", () => {
    expect(toLegacyUserJson({ id: 9, reference: "emp-009", email: "marie@example.com", name: null }, v21)).toEqual({
      id: 9,
      reference: "emp-009",
      email: "marie@example.com",
      name: null,
      href: "/api/v2.1/users/9",
    });
  });
});
