import { describe, expect, it } from "vitest";

import { type CustomerRecord } from "./customer";
import { type CustomerPatch, parseCustomerPatch } from "./customer-patch";
import { aCustomer, anOrganization, describeRefusal, plainFieldsCleared, plainFieldValues, shippingAsBillingValues } from "./test-factories";
import { type ResolvedReferences, applyCustomerPatch, diffCustomerFields } from "./update-rules";

function apply(
  patch: CustomerPatch,
  options: { current?: CustomerRecord; resolved?: ResolvedReferences; organization?: ReturnType<typeof anOrganization> } = {},
) {
  return applyCustomerPatch({
    current: options.current ?? aCustomer(),
    patch,
    resolved: options.resolved ?? {},
    organization: options.organization ?? anOrganization(),
  });
}

describe("applyCustomerPatch: plain fields", () => {
  it("copies every given key onto the field of the same name and leaves the others as stored", () => {
    const current = aCustomer();
    const next = apply(parseCustomerPatch({ name: "Marie", email: "marie@example.com", onHold: true, creditLimit: null }), {
      current,
    });
    expect(next).toEqual({ ...current, name: "Marie", email: "marie@example.com", onHold: true, creditLimit: null });
  });

  it("does not modify the stored customer it was given", () => {
    const current = aCustomer();
    const before = structuredClone(current);
    apply(parseCustomerPatch({ name: "Marie", paymentTypes: [1] }), { current });
    expect(current).toEqual(before);
  });

  it("an empty patch changes nothing", () => {
    expect(apply({})).toEqual(aCustomer());
  });

  it("writes paymentTypes as paymentTypeIds, the whole set", () => {
    expect(apply({ paymentTypes: [3] }).paymentTypeIds).toEqual([3]);
    expect(apply({ paymentTypes: [] }).paymentTypeIds).toEqual([]);
  });

  it("writes userId as createdByUserId, from the resolved user", () => {
    expect(apply({ userId: "emp-009" }, { resolved: { createdBy: { id: 9 } } }).createdByUserId).toBe(9);
    expect(apply({ userId: null }).createdByUserId).toBeNull();
  });

  it("writes the resolved category and segmentation", () => {
    const next = apply({ categoryId: null, customerSegmentationId: "seg_b" }, {
      resolved: { category: { id: 1 }, customerSegmentation: { id: 5 } },
    });
    expect(next).toMatchObject({ categoryId: 1, customerSegmentationId: 5 });
    expect(apply({ customerSegmentationId: null }).customerSegmentationId).toBeNull();
  });

  it("never touches logo", () => {
    expect(apply({ name: "Marie" }, { current: aCustomer({ logo: "a.png" }) }).logo).toBe("a.png");
  });

  it("fails loudly when the caller did not resolve a reference of the patch", () => {
    expect(() => apply({ categoryId: 3 })).toThrow("categoryId was given but not resolved");
  });
});

describe("applyCustomerPatch: parent customer", () => {
  it("makes a sub-customer of the resolved parent", () => {
    const next = apply(parseCustomerPatch({ isSubCustomer: true, parentCustomerId: 100, billWithParent: true }), {
      resolved: { parentCustomer: { id: 100, ancestorIds: [] } },
    });
    expect(next).toMatchObject({ isSubCustomer: true, parentCustomerId: 100, billWithParent: true });
  });

  it("a parent alone makes the customer a sub-customer", () => {
    const next = apply({ parentCustomerId: "NC-1" }, { resolved: { parentCustomer: { id: 100, ancestorIds: [] } } });
    expect(next).toMatchObject({ isSubCustomer: true, parentCustomerId: 100 });
  });

  it("refuses the customer as its own parent (404, as the page says)", () => {
    expect(
      describeRefusal(() => apply({ parentCustomerId: 256 }, { resolved: { parentCustomer: { id: 256, ancestorIds: [] } } })),
    ).toEqual({
      code: "not_found",
      status: 404,
      message: "The customer cannot be a subcustomer of itself.",
      field: "parentCustomerId",
    });
  });

  it("refuses a parent that is one of the customer's own descendants", () => {
    expect(
      describeRefusal(() =>
        apply({ isSubCustomer: true, parentCustomerId: 300 }, { resolved: { parentCustomer: { id: 300, ancestorIds: [299, 256, 1] } } }),
      ),
    ).toEqual({
      code: "invalid_param",
      status: 400,
      message: "The customer cannot be a subcustomer of one of its own subcustomers.",
      field: "parentCustomerId",
    });
  });

  it("isSubCustomer=true without a parent, given now or stored, is a missing parameter", () => {
    expect(describeRefusal(() => apply({ isSubCustomer: true }))).toEqual({
      code: "missing_param",
      status: 400,
      message: "parentCustomerId parameter is missing",
      field: "parentCustomerId",
    });
    expect(describeRefusal(() => apply({ isSubCustomer: true, parentCustomerId: null }))).toMatchObject({
      code: "missing_param",
      field: "parentCustomerId",
    });
  });

  it("isSubCustomer=true uses the parent already stored", () => {
    const current = aCustomer({ isSubCustomer: false, parentCustomerId: 100 });
    expect(apply({ isSubCustomer: true }, { current })).toMatchObject({ isSubCustomer: true, parentCustomerId: 100 });
  });

  it("isSubCustomer=false clears the parent and billWithParent", () => {
    const current = aCustomer({ isSubCustomer: true, parentCustomerId: 100, billWithParent: true });
    expect(apply({ isSubCustomer: false }, { current })).toMatchObject({
      isSubCustomer: false,
      parentCustomerId: null,
      billWithParent: false,
    });
  });

  it("clearing the parent makes the customer an ordinary one", () => {
    const current = aCustomer({ isSubCustomer: true, parentCustomerId: 100, billWithParent: true });
    expect(apply({ parentCustomerId: null }, { current })).toMatchObject({
      isSubCustomer: false,
      parentCustomerId: null,
      billWithParent: false,
    });
  });

  it("isSubCustomer=false wins over a parent given in the same patch", () => {
    const next = apply({ isSubCustomer: false, parentCustomerId: 100 }, { resolved: { parentCustomer: { id: 100, ancestorIds: [] } } });
    expect(next).toMatchObject({ isSubCustomer: false, parentCustomerId: null });
  });

  it("refuses billWithParent=true on a customer that is not a sub-customer", () => {
    const expected = {
      code: "invalid_param",
      status: 400,
      message: "billWithParent can only be true for a sub-customer (isSubCustomer=true).",
      field: "billWithParent",
    };
    expect(describeRefusal(() => apply({ billWithParent: true }))).toEqual(expected);
    const current = aCustomer({ isSubCustomer: true, parentCustomerId: 100 });
    expect(describeRefusal(() => apply({ isSubCustomer: false, billWithParent: true }, { current }))).toEqual(expected);
  });

  it("billWithParent=false is always accepted", () => {
    expect(apply({ billWithParent: false }).billWithParent).toBe(false);
  });

  it("keeps a sub-customer's billWithParent when the patch does not name it", () => {
    const current = aCustomer({ isSubCustomer: true, parentCustomerId: 100, billWithParent: true });
    expect(apply({ name: "Marie" }, { current }).billWithParent).toBe(true);
  });
});

describe("applyCustomerPatch: currency", () => {
  it("accepts a currency configured for the organization", () => {
    expect(apply({ currency: "EUR" }).currency).toBe("EUR");
  });

  it("null sets the organization's default currency", () => {
    expect(apply({ currency: null }, { current: aCustomer({ currency: "EUR" }) }).currency).toBe("USD");
  });

  it("refuses a currency the organization does not use", () => {
    expect(describeRefusal(() => apply({ currency: "GBP" }))).toEqual({
      code: "invalid_param",
      status: 400,
      message: "The currency GBP is not configured for the organization (USD, EUR).",
      field: "currency",
    });
  });
});

describe("applyCustomerPatch: region", () => {
  it("is ignored entirely when geographic locations are off", () => {
    const organization = anOrganization({ geoLocationsEnabled: false });
    expect(apply({ regionId: 5 }, { organization }).regionId).toBe(2);
    expect(apply({ regionId: null }, { organization }).regionId).toBe(2);
  });

  it("accepts a region at the organization's level or below", () => {
    expect(apply({ regionId: 5 }, { resolved: { region: { id: 5, level: 2 } } }).regionId).toBe(5);
    expect(apply({ regionId: 6 }, { resolved: { region: { id: 6, level: 3 } } }).regionId).toBe(6);
    expect(apply({ regionId: null }).regionId).toBeNull();
  });

  it("refuses a region above the organization's level", () => {
    expect(describeRefusal(() => apply({ regionId: 1 }, { resolved: { region: { id: 1, level: 1 } } }))).toEqual({
      code: "invalid_param",
      status: 400,
      message: "The region must be at the organization's region level (2) or below; this one is at level 1.",
      field: "regionId",
    });
  });
});

describe("applyCustomerPatch: isSameAddress", () => {
  const billing = {
    billingCountry: "FR",
    billingCity: "Nice",
    billingPostalCode: "06000",
    billingAddress: "1 promenade des Anglais",
    billingLat: 43.69,
    billingLng: 7.26,
  } as const;
  const shippingOfBilling = {
    country: "FR",
    city: "Nice",
    postalCode: "06000",
    address: "1 promenade des Anglais",
    latitude: 43.69,
    longitude: 7.26,
  };

  it("copies the billing address onto the shipping one, whatever the request said for shipping", () => {
    const next = apply(parseCustomerPatch({ isSameAddress: true, ...billing, country: "DE", city: "Berlin" }));
    expect(next).toMatchObject({ ...billing, ...shippingOfBilling });
  });

  it("applies to the stored isSameAddress too", () => {
    const current = aCustomer({ isSameAddress: true, ...billing, ...shippingOfBilling });
    expect(apply({ billingCity: "Cannes", city: "Paris" }, { current })).toMatchObject({ billingCity: "Cannes", city: "Cannes" });
  });

  it("leaves the shipping address free when false", () => {
    const next = apply({ isSameAddress: false, ...billing, country: "DE", city: "Berlin" });
    expect(next).toMatchObject({ ...billing, country: "DE", city: "Berlin" });
  });
});

describe("applyCustomerPatch: order of the rules", () => {
  it("checks the parent before the currency and the region", () => {
    expect(
      describeRefusal(() =>
        apply({ parentCustomerId: 256, currency: "GBP", regionId: 1 }, {
          resolved: { parentCustomer: { id: 256, ancestorIds: [] }, region: { id: 1, level: 1 } },
        }),
      ),
    ).toMatchObject({ field: "parentCustomerId" });
    expect(
      describeRefusal(() => apply({ currency: "GBP", regionId: 1 }, { resolved: { region: { id: 1, level: 1 } } })),
    ).toMatchObject({ field: "currency" });
  });
});

describe("diffCustomerFields", () => {
  it("lists each changed field once, with the contract's parameter names and string values", () => {
    const before = aCustomer();
    const after = aCustomer({
      name: "Marie",
      isActive: false,
      creditLimit: 7500.5,
      createdByUserId: 9,
      paymentTypeIds: [7],
      logo: "new.png",
      email: "marie@example.com",
      billingCity: null,
    });
    expect(diffCustomerFields(before, after)).toEqual([
      { field: "name", oldValue: "Marie's Jewelry", newValue: "Marie" },
      { field: "isActive", oldValue: "true", newValue: "false" },
      { field: "userId", oldValue: "2", newValue: "9" },
      { field: "billingCity", oldValue: "Nice", newValue: null },
      { field: "email", oldValue: null, newValue: "marie@example.com" },
      { field: "creditLimit", oldValue: "5000", newValue: "7500.5" },
      { field: "logo", oldValue: null, newValue: "new.png" },
      { field: "paymentTypes", oldValue: "7,8", newValue: "7" },
    ]);
  });

  it("is empty when nothing changed", () => {
    expect(diffCustomerFields(aCustomer(), aCustomer())).toEqual([]);
  });

  it("shows an emptied set of payment types as null", () => {
    expect(diffCustomerFields(aCustomer(), aCustomer({ paymentTypeIds: [] }))).toEqual([
      { field: "paymentTypes", oldValue: "7,8", newValue: null },
    ]);
  });
});

describe("applyCustomerPatch: every field at once", () => {
  const everyField = parseCustomerPatch({
    reference: "NC-4",
    name: "Marie's Jewelry",
    reference2: "R-2",
    barcode: "3760001000010",
    isActive: false,
    categoryId: "jewelry",
    isSubCustomer: true,
    parentCustomerId: "NC-1",
    billWithParent: true,
    customerSegmentationId: "seg_b",
    userId: "emp-009",
    isSameAddress: false,
    ...plainFieldValues,
    paymentTypes: [9, 3],
    regionId: 4,
    customerRisk: "low",
    customerRiskColor: "#1BE9D8",
    onHold: true,
    onHoldReason: "Unpaid invoice",
  });
  const resolved = {
    category: { id: 3 },
    parentCustomer: { id: 12, ancestorIds: [1] },
    customerSegmentation: { id: 5 },
    createdBy: { id: 9 },
    region: { id: 4, level: 3 },
  };
  const everyFieldStored: CustomerRecord = {
    id: 256,
    organizationId: 1,
    reference: "NC-4",
    reference2: "R-2",
    name: "Marie's Jewelry",
    barcode: "3760001000010",
    isActive: false,
    categoryId: 3,
    isSubCustomer: true,
    parentCustomerId: 12,
    billWithParent: true,
    customerSegmentationId: 5,
    createdByUserId: 9,
    isSameAddress: false,
    ...plainFieldValues,
    regionId: 4,
    customerRisk: "low",
    customerRiskColor: "#1BE9D8",
    onHold: true,
    onHoldReason: "Unpaid invoice",
    logo: null,
    paymentTypeIds: [3, 9],
  };

  it("writes every field of the patch", () => {
    expect(apply(everyField, { resolved })).toEqual(everyFieldStored);
  });

  it("with isSameAddress, writes the billing address as the shipping one", () => {
    expect(apply({ ...everyField, isSameAddress: true }, { resolved })).toEqual({
      ...everyFieldStored,
      isSameAddress: true,
      ...shippingAsBillingValues,
    });
  });

  it("clears every nullable field", () => {
    const cleared = parseCustomerPatch({
      reference2: null, barcode: null, isSubCustomer: false, parentCustomerId: null, billWithParent: false,
      customerSegmentationId: null, userId: null, billingCountry: null, billingCity: null, billingPostalCode: null,
      billingAddress: null, billingLat: null, billingLng: null, country: null, city: null, postalCode: null, address: null,
      latitude: null, longitude: null, email: null, phone: null, mobile: null, fax: null, comment: null, website: null,
      creditLimit: null, dueDateConfigNumber: null, dueDateConfigType: null, taxNumber: null, companyRegistrationNumber: null,
      currency: null, paymentTypes: [], regionId: null, customerRisk: null, customerRiskColor: null, onHoldReason: null,
    });
    expect(apply(cleared, { current: { ...everyFieldStored, currency: "EUR" } })).toEqual({
      id: 256,
      organizationId: 1,
      reference: "NC-4",
      reference2: null,
      name: "Marie's Jewelry",
      barcode: null,
      isActive: false,
      categoryId: 3,
      isSubCustomer: false,
      parentCustomerId: null,
      billWithParent: false,
      customerSegmentationId: null,
      createdByUserId: null,
      isSameAddress: false,
      ...plainFieldsCleared,
      currency: "USD",
      regionId: null,
      customerRisk: null,
      customerRiskColor: null,
      onHold: true,
      onHoldReason: null,
      logo: null,
      paymentTypeIds: [],
    });
  });

  it("keeps a sub-customer and its parent when only another field is patched", () => {
    const current = aCustomer({ isSubCustomer: true, parentCustomerId: 100, billWithParent: false });
    expect(apply({ name: "Marie" }, { current })).toEqual({ ...current, name: "Marie" });
  });

  it("keeps an ordinary customer ordinary when only another field is patched, even with a stale parent id", () => {
    const current = aCustomer({ isSubCustomer: false, parentCustomerId: 100 });
    expect(apply({ name: "Marie" }, { current })).toEqual({ ...current, name: "Marie", parentCustomerId: null });
  });

  it("copies the payment types it writes: a later change of the patch does not reach the record", () => {
    const patch = { paymentTypes: [3] };
    const next = apply(patch);
    patch.paymentTypes.push(4);
    expect(next.paymentTypeIds).toEqual([3]);
  });

  it("fails loudly for each reference the caller did not resolve", () => {
    expect(() => apply({ parentCustomerId: 12 })).toThrow("applyCustomerPatch: parentCustomerId was given but not resolved");
    expect(() => apply({ customerSegmentationId: 5 })).toThrow("applyCustomerPatch: customerSegmentationId was given but not resolved");
    expect(() => apply({ userId: 9 })).toThrow("applyCustomerPatch: userId was given but not resolved");
    expect(() => apply({ regionId: 4 })).toThrow("applyCustomerPatch: regionId was given but not resolved");
    expect(() => apply({ parentCustomerId: 12 }, { resolved: { parentCustomer: null } })).toThrow("was given but not resolved");
  });

  it("a region at exactly the organization's level is accepted, one level up is refused", () => {
    const organization = anOrganization({ regionLevel: 3 });
    expect(apply({ regionId: 4 }, { organization, resolved: { region: { id: 4, level: 3 } } }).regionId).toBe(4);
    expect(describeRefusal(() => apply({ regionId: 5 }, { organization, resolved: { region: { id: 5, level: 2 } } }))).toEqual({
      code: "invalid_param",
      status: 400,
      message: "The region must be at the organization's region level (3) or below; this one is at level 2.",
      field: "regionId",
    });
  });
});

describe("diffCustomerFields: every field at once", () => {
  it("lists every field that changed, in the order of the page's table, with the history's names and texts", () => {
    const after = aCustomer({
      reference: "NC-4",
      name: "Marie",
      reference2: "R-2",
      barcode: "3760001000010",
      isActive: false,
      categoryId: 3,
      isSubCustomer: true,
      parentCustomerId: 12,
      billWithParent: true,
      customerSegmentationId: 5,
      createdByUserId: 9,
      isSameAddress: true,
      ...plainFieldValues,
      billingCountry: "DE",
      billingCity: "Berlin",
      billingPostalCode: "10115",
      billingAddress: "Unter den Linden 1",
      billingLat: 52.52,
      billingLng: 13.4,
      companyRegistrationNumber: "RCS 303",
      logo: "logo.png",
      paymentTypeIds: [3, 9],
      regionId: 4,
      customerRisk: "low",
      customerRiskColor: "#1BE9D8",
      onHold: true,
      onHoldReason: "Unpaid invoice",
    });
    expect(diffCustomerFields(aCustomer(), after)).toEqual([
      { field: "reference", oldValue: "NC-3", newValue: "NC-4" },
      { field: "name", oldValue: "Marie's Jewelry", newValue: "Marie" },
      { field: "reference2", oldValue: null, newValue: "R-2" },
      { field: "barcode", oldValue: null, newValue: "3760001000010" },
      { field: "isActive", oldValue: "true", newValue: "false" },
      { field: "categoryId", oldValue: "2", newValue: "3" },
      { field: "isSubCustomer", oldValue: "false", newValue: "true" },
      { field: "parentCustomerId", oldValue: null, newValue: "12" },
      { field: "billWithParent", oldValue: "false", newValue: "true" },
      { field: "customerSegmentationId", oldValue: "1", newValue: "5" },
      { field: "userId", oldValue: "2", newValue: "9" },
      { field: "isSameAddress", oldValue: "false", newValue: "true" },
      { field: "billingCountry", oldValue: "FR", newValue: "DE" },
      { field: "billingCity", oldValue: "Nice", newValue: "Berlin" },
      { field: "billingPostalCode", oldValue: null, newValue: "10115" },
      { field: "billingAddress", oldValue: null, newValue: "Unter den Linden 1" },
      { field: "billingLat", oldValue: null, newValue: "52.52" },
      { field: "billingLng", oldValue: null, newValue: "13.4" },
      { field: "country", oldValue: null, newValue: "DE" },
      { field: "city", oldValue: null, newValue: "Berlin" },
      { field: "postalCode", oldValue: null, newValue: "10115" },
      { field: "address", oldValue: null, newValue: "Unter den Linden 1" },
      { field: "latitude", oldValue: null, newValue: "52.52" },
      { field: "longitude", oldValue: null, newValue: "13.4" },
      { field: "email", oldValue: null, newValue: "marie@example.com" },
      { field: "phone", oldValue: null, newValue: "+33 4 93 00 00 00" },
      { field: "mobile", oldValue: null, newValue: "+33 6 00 00 00 00" },
      { field: "fax", oldValue: null, newValue: "+33 4 93 00 00 01" },
      { field: "comment", oldValue: null, newValue: "Pays on time" },
      { field: "website", oldValue: null, newValue: "example.com" },
      { field: "creditLimit", oldValue: "5000", newValue: "7500.5" },
      { field: "dueDateConfigNumber", oldValue: "7", newValue: "30" },
      { field: "dueDateConfigType", oldValue: "1", newValue: "2" },
      { field: "taxNumber", oldValue: null, newValue: "FR40303265045" },
      { field: "companyRegistrationNumber", oldValue: null, newValue: "RCS 303" },
      { field: "currency", oldValue: "USD", newValue: "EUR" },
      { field: "logo", oldValue: null, newValue: "logo.png" },
      { field: "paymentTypes", oldValue: "7,8", newValue: "3,9" },
      { field: "regionId", oldValue: "2", newValue: "4" },
      { field: "customerRisk", oldValue: null, newValue: "low" },
      { field: "customerRiskColor", oldValue: null, newValue: "#1BE9D8" },
      { field: "onHold", oldValue: "false", newValue: "true" },
      { field: "onHoldReason", oldValue: null, newValue: "Unpaid invoice" },
    ]);
  });

  it("shows a set of payment types filled from none", () => {
    expect(diffCustomerFields(aCustomer({ paymentTypeIds: [] }), aCustomer({ paymentTypeIds: [7] }))).toEqual([
      { field: "paymentTypes", oldValue: null, newValue: "7" },
    ]);
  });
});
