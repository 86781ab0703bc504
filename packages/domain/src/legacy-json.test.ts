import { describe, expect, it } from "vitest";

import {
  formatLegacyDate,
  isLegacyApiVersion,
  legacyCustomerJsonKeys,
  legacyHref,
  legacyLogoUrl,
  toLegacyCustomerJson,
} from "./legacy-json";
import { aCustomerView, plainFieldValues, shippingAsBillingValues } from "./test-factories";

/** The success output of the legacy page, as printed there (BASE_URL and the logo's folder aside, see below). */
const pageExample = {
  id: 256,
  reference: "NC-3",
  reference2: null,
  name: "Marie's Jewelry",
  categoryReference: "jewelry",
  customerCategory: { id: 2, reference: "jewelry", name: "Jewelry and accessories", href: "/api/v1.0/customerCategories/2" },
  isSubCustomer: false,
  parentCustomer: null,
  billWithParent: true,
  customerSegmentationReference: "seg_a",
  customerSegmentation: { id: 1, reference: "seg_a", name: "Segmentation A", href: "/api/v1.0/customerSegmentations/1" },
  pocTenus: null,
  email: null,
  logo: "BASE_URL/entity1-1450169988465/photoCustomer/1471338230737_logo_color_272x92dp.png",
  phone: null,
  mobile: null,
  fax: null,
  comment: null,
  barcode: null,
  isSameAddress: true,
  billingCountry: "FR",
  billingCity: "Nice",
  billingPostalCode: null,
  billingAddress: null,
  billingLat: null,
  billingLng: null,
  country: null,
  city: null,
  postalCode: null,
  address: null,
  latitude: null,
  longitude: null,
  isCredit: null,
  creditLimit: 5000,
  balance: null,
  maxChequePeriod: null,
  maxChequeValue: null,
  appliedCashBackOutput: null,
  returnDiscount: null,
  invoicesPerRoute: null,
  isActive: true,
  onHold: false,
  onHoldReason: null,
  paymentTerm: null,
  createdBy: { userId: 2, reference: "emp-002", href: "/api/v1.0/users/2" },
  dueDateConfigNumber: 7,
  dueDateConfigType: "daysAfterInvoiceDate",
  paymentTypes: [
    { id: 7, reference: "cash", name: "cash", href: "/api/v1.0/paymentTypes/7" },
    { id: 8, reference: "cheque", name: "cheque", href: "/api/v1.0/paymentTypes/8" },
  ],
  website: null,
  taxNumber: null,
  companyRegistrationNumber: null,
  contacts: [],
  currency: "USD",
  customerRisk: null,
  customerRiskColor: null,
  organization: "entity1",
  dateCreated: "2015-12-17T23:00:00Z",
  lastUpdated: "2016-08-16T09:02:13Z",
  region: { id: 2, name: "California", href: "/api/v1.0/regions/2" },
};

const options = { apiVersion: "v1.0", baseUrl: "https://crm.example.com" } as const;

/** Every key path of a JSON value, in order, so that nested key order is compared too. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => keyPaths(item, `${prefix}[${index}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => [`${prefix}${key}`, ...keyPaths(item, `${prefix}${key}.`)]);
}

describe("toLegacyCustomerJson", () => {
  it("replays the page's example: the same keys in the same order, nested ones included, and the same values", () => {
    const json = toLegacyCustomerJson(aCustomerView(), options);
    expect(keyPaths(json)).toEqual(keyPaths(pageExample));
    expect(Object.keys(json)).toEqual([...legacyCustomerJsonKeys]);
    expect(json).toEqual({
      ...pageExample,
      // SPEC §3: the logo is served from <PUBLIC_BASE_URL>/uploads/<organization>/photoCustomer/.
      logo: "https://crm.example.com/uploads/entity1/photoCustomer/1471338230737_logo_color_272x92dp.png",
      // SPEC §3: with isSameAddress the response shows the billing address as the shipping one.
      country: "FR",
      city: "Nice",
    });
  });

  it("survives a JSON round trip unchanged: numbers as numbers, every key present", () => {
    const json = toLegacyCustomerJson(aCustomerView(), options);
    const parsed = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([...legacyCustomerJsonKeys]);
    expect(parsed.creditLimit).toBe(5000);
  });

  it("uses the request's version in every href", () => {
    const json = toLegacyCustomerJson(
      aCustomerView({ parentCustomer: { id: 100, reference: "NC-1", name: "Parent" }, isSubCustomer: true, parentCustomerId: 100 }),
      { ...options, apiVersion: "v2.1" },
    );
    const hrefs = JSON.stringify(json).match(/"href":"[^"]*"/g);
    expect(hrefs).toEqual([
      '"href":"/api/v2.1/customerCategories/2"',
      '"href":"/api/v2.1/customers/100"',
      '"href":"/api/v2.1/customerSegmentations/1"',
      '"href":"/api/v2.1/users/2"',
      '"href":"/api/v2.1/paymentTypes/7"',
      '"href":"/api/v2.1/paymentTypes/8"',
      '"href":"/api/v2.1/regions/2"',
    ]);
    expect(json.parentCustomer).toEqual({ id: 100, reference: "NC-1", name: "Parent", href: "/api/v2.1/customers/100" });
  });

  it("shows null, never omits, what is empty", () => {
    const json = toLegacyCustomerJson(
      aCustomerView({
        customerSegmentation: null,
        customerSegmentationId: null,
        createdBy: null,
        region: null,
        logo: null,
        dueDateConfigType: null,
        appliedCashBackOutput: undefined,
      }),
      options,
    );
    expect(Object.keys(json)).toEqual([...legacyCustomerJsonKeys]);
    expect(json).toMatchObject({
      customerSegmentationReference: null,
      customerSegmentation: null,
      createdBy: null,
      region: null,
      logo: null,
      dueDateConfigType: null,
      appliedCashBackOutput: null,
    });
  });

  it("names dueDateConfigType 2 daysAfterEndOfInvoiceMonth", () => {
    expect(toLegacyCustomerJson(aCustomerView({ dueDateConfigType: 2 }), options).dueDateConfigType).toBe(
      "daysAfterEndOfInvoiceMonth",
    );
  });

  it("shows the stored shipping address when isSameAddress is false", () => {
    const json = toLegacyCustomerJson(aCustomerView({ isSameAddress: false, country: "DE", city: "Berlin" }), options);
    expect(json).toMatchObject({ billingCountry: "FR", billingCity: "Nice", country: "DE", city: "Berlin" });
  });

  it("lists payment types by id and contacts with their fields", () => {
    const json = toLegacyCustomerJson(
      aCustomerView({
        paymentTypes: [
          { id: 8, reference: "cheque", name: "cheque" },
          { id: 7, reference: "cash", name: "cash" },
        ],
        contacts: [{ id: 4, firstName: "Marie", lastName: "Curie", email: null, phone: "+33 4 93 00 00 00", position: null }],
      }),
      options,
    );
    expect((json.paymentTypes as { id: number }[]).map((paymentType) => paymentType.id)).toEqual([7, 8]);
    expect(json.contacts).toEqual([
      { id: 4, firstName: "Marie", lastName: "Curie", email: null, phone: "+33 4 93 00 00 00", position: null },
    ]);
  });
});

describe("legacy JSON helpers", () => {
  it("formatLegacyDate writes UTC without milliseconds", () => {
    expect(formatLegacyDate(new Date("2016-08-16T11:02:13.987+02:00"))).toBe("2016-08-16T09:02:13Z");
  });

  it("legacyHref builds the hrefs that the API serves", () => {
    expect(legacyHref("v1.0", "customerCategory", 2)).toBe("/api/v1.0/customerCategories/2");
    expect(legacyHref("v2.1", "paymentType", 7)).toBe("/api/v2.1/paymentTypes/7");
  });

  it("legacyLogoUrl tolerates a base URL with a trailing slash", () => {
    expect(legacyLogoUrl("https://crm.example.com/", "entity1", "1_a.png")).toBe(
      "https://crm.example.com/uploads/entity1/photoCustomer/1_a.png",
    );
  });

  it("isLegacyApiVersion knows v1.0 and v2.1 only", () => {
    expect(["v1.0", "v2.1", "v2.0", "V1.0", ""].map(isLegacyApiVersion)).toEqual([true, true, false, false, false]);
  });
});

describe("toLegacyCustomerJson: every field at once", () => {
  const everyField = aCustomerView({
    id: 300,
    reference: "NC-4",
    reference2: "R-2",
    name: "Marie",
    barcode: "3760001000010",
    isActive: false,
    categoryId: 3,
    category: { id: 3, reference: "rings", name: "Rings" },
    isSubCustomer: true,
    parentCustomerId: 12,
    parentCustomer: { id: 12, reference: "NC-1", name: "Parent" },
    billWithParent: true,
    customerSegmentationId: 5,
    customerSegmentation: { id: 5, reference: "seg_b", name: "Segmentation B" },
    createdByUserId: 9,
    createdBy: { id: 9, reference: "emp-009" },
    isSameAddress: false,
    ...plainFieldValues,
    companyRegistrationNumber: "RCS 303",
    logo: "logo.png",
    paymentTypeIds: [9],
    paymentTypes: [{ id: 9, reference: "card", name: "Card" }],
    regionId: 4,
    region: { id: 4, name: "Alpes-Maritimes" },
    customerRisk: "low",
    customerRiskColor: "#1BE9D8",
    onHold: true,
    onHoldReason: "Unpaid invoice",
    organizationSlug: "entity 2",
    contacts: [{ id: 4, firstName: "Marie", lastName: "Curie", email: "marie@example.com", phone: null, position: "CEO" }],
    pocTenus: 11,
    isCredit: true,
    balance: 12.5,
    maxChequePeriod: 30,
    maxChequeValue: 1000,
    appliedCashBackOutput: { rate: 2 },
    returnDiscount: 3,
    invoicesPerRoute: 4,
    paymentTerm: "30 days",
    dateCreated: new Date("2020-01-02T03:04:05.678Z"),
    lastUpdated: new Date("2021-02-03T04:05:06.000Z"),
  });

  it("shows every stored field and every computed key, in the page's order", () => {
    const json = toLegacyCustomerJson(everyField, { apiVersion: "v2.1", baseUrl: "https://crm.example.com/" });
    const expected = {
      id: 300,
      reference: "NC-4",
      reference2: "R-2",
      name: "Marie",
      categoryReference: "rings",
      customerCategory: { id: 3, reference: "rings", name: "Rings", href: "/api/v2.1/customerCategories/3" },
      isSubCustomer: true,
      parentCustomer: { id: 12, reference: "NC-1", name: "Parent", href: "/api/v2.1/customers/12" },
      billWithParent: true,
      customerSegmentationReference: "seg_b",
      customerSegmentation: { id: 5, reference: "seg_b", name: "Segmentation B", href: "/api/v2.1/customerSegmentations/5" },
      pocTenus: 11,
      email: "marie@example.com",
      logo: "https://crm.example.com/uploads/entity%202/photoCustomer/logo.png",
      phone: "+33 4 93 00 00 00",
      mobile: "+33 6 00 00 00 00",
      fax: "+33 4 93 00 00 01",
      comment: "Pays on time",
      barcode: "3760001000010",
      isSameAddress: false,
      billingCountry: "FR",
      billingCity: "Nice",
      billingPostalCode: "06000",
      billingAddress: "1 Promenade des Anglais",
      billingLat: 43.7,
      billingLng: 7.25,
      country: "DE",
      city: "Berlin",
      postalCode: "10115",
      address: "Unter den Linden 1",
      latitude: 52.52,
      longitude: 13.4,
      isCredit: true,
      creditLimit: 7500.5,
      balance: 12.5,
      maxChequePeriod: 30,
      maxChequeValue: 1000,
      appliedCashBackOutput: { rate: 2 },
      returnDiscount: 3,
      invoicesPerRoute: 4,
      isActive: false,
      onHold: true,
      onHoldReason: "Unpaid invoice",
      paymentTerm: "30 days",
      createdBy: { userId: 9, reference: "emp-009", href: "/api/v2.1/users/9" },
      dueDateConfigNumber: 30,
      dueDateConfigType: "daysAfterEndOfInvoiceMonth",
      paymentTypes: [{ id: 9, reference: "card", name: "Card", href: "/api/v2.1/paymentTypes/9" }],
      website: "example.com",
      taxNumber: "FR40303265045",
      companyRegistrationNumber: "RCS 303",
      contacts: [{ id: 4, firstName: "Marie", lastName: "Curie", email: "marie@example.com", phone: null, position: "CEO" }],
      currency: "EUR",
      customerRisk: "low",
      customerRiskColor: "#1BE9D8",
      organization: "entity 2",
      dateCreated: "2020-01-02T03:04:05Z",
      lastUpdated: "2021-02-03T04:05:06Z",
      region: { id: 4, name: "Alpes-Maritimes", href: "/api/v2.1/regions/4" },
    };
    expect(json).toEqual(expected);
    expect(keyPaths(json)).toEqual(keyPaths(expected));
  });

  it("with isSameAddress, shows the billing address as the shipping one", () => {
    const json = toLegacyCustomerJson({ ...everyField, isSameAddress: true }, options);
    expect(json).toMatchObject({
      isSameAddress: true,
      ...shippingAsBillingValues,
    });
  });

  it("does not show the fields it does not output (ids of linked objects, the payment type ids, the version)", () => {
    const keys = Object.keys(toLegacyCustomerJson(everyField, options));
    for (const hidden of ["categoryId", "parentCustomerId", "customerSegmentationId", "createdByUserId", "userId", "paymentTypeIds", "regionId", "version", "organizationId", "imageFile"]) {
      expect(keys).not.toContain(hidden);
    }
  });
});

describe("legacy JSON helpers: edges", () => {
  it("legacyLogoUrl drops every trailing slash of the base URL and escapes the organization and the file name", () => {
    expect(legacyLogoUrl("https://crm.example.com//", "a/b", "c d.png")).toBe("https://crm.example.com/uploads/a%2Fb/photoCustomer/c%20d.png");
    expect(legacyLogoUrl("https://crm.example.com/app", "entity1", "x.png")).toBe("https://crm.example.com/app/uploads/entity1/photoCustomer/x.png");
  });

  it("formatLegacyDate keeps a date without milliseconds as it is", () => {
    expect(formatLegacyDate(new Date("2016-08-16T09:02:13Z"))).toBe("2016-08-16T09:02:13Z");
  });

  it("legacyHref knows every linked collection", () => {
    expect(
      (["customer", "customerCategory", "customerSegmentation", "user", "paymentType", "region"] as const).map((resource) =>
        legacyHref("v1.0", resource, 1),
      ),
    ).toEqual([
      "/api/v1.0/customers/1",
      "/api/v1.0/customerCategories/1",
      "/api/v1.0/customerSegmentations/1",
      "/api/v1.0/users/1",
      "/api/v1.0/paymentTypes/1",
      "/api/v1.0/regions/1",
    ]);
  });
});
