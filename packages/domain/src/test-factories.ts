/**
 * Small factories for tests: the page's example customer (SPEC §6) and a way
 * to look at a refusal. Other packages' tests import them from
 * `@cr/domain/testing`; never product code.
 */
import { type CustomerRecord, type CustomerView, type OrganizationSettings } from "./customer";
import { customerColumnFields, type CustomerWritableFields } from "./customer-fields";
import { AppError } from "./errors";

/** Every writable field empty (null, false, no payment types): what a field added later holds in the examples. */
function blankCustomerFields(): CustomerWritableFields {
  const blankOf = { text: null, number: null, boolean: false, rows: [] } as const;
  const fields: Record<string, unknown> = {};
  for (const { recordKey, storage } of customerColumnFields) fields[recordKey] = blankOf[storage as keyof typeof blankOf];
  return { ...(fields as unknown as CustomerWritableFields), paymentTypeIds: [] };
}

/** Customer 256 `NC-3` of the page's example, as stored after the update rules. */
export function aCustomer(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    ...blankCustomerFields(),
    id: 256,
    organizationId: 1,
    reference: "NC-3",
    name: "Marie's Jewelry",
    isActive: true,
    categoryId: 2,
    customerSegmentationId: 1,
    createdByUserId: 2,
    billingCountry: "FR",
    billingCity: "Nice",
    creditLimit: 5000,
    dueDateConfigNumber: 7,
    dueDateConfigType: 1,
    currency: "USD",
    regionId: 2,
    paymentTypeIds: [7, 8],
    ...overrides,
  };
}

/** The demo organization `entity1`: USD and EUR, USD by default, geographic locations on at the state level. */
export function anOrganization(overrides: Partial<OrganizationSettings> = {}): OrganizationSettings {
  return { defaultCurrency: "USD", currencies: ["USD", "EUR"], geoLocationsEnabled: true, regionLevel: 2, ...overrides };
}

/** The page's example customer with everything its JSON shows. */
export function aCustomerView(overrides: Partial<CustomerView> = {}): CustomerView {
  return {
    ...aCustomer({
      isSameAddress: true,
      billWithParent: true,
      logo: "1471338230737_logo_color_272x92dp.png",
    }),
    organizationSlug: "entity1",
    category: { id: 2, reference: "jewelry", name: "Jewelry and accessories" },
    parentCustomer: null,
    customerSegmentation: { id: 1, reference: "seg_a", name: "Segmentation A" },
    createdBy: { id: 2, reference: "emp-002" },
    paymentTypes: [
      { id: 7, reference: "cash", name: "cash" },
      { id: 8, reference: "cheque", name: "cheque" },
    ],
    region: { id: 2, name: "California" },
    contacts: [],
    pocTenus: null,
    isCredit: null,
    balance: null,
    maxChequePeriod: null,
    maxChequeValue: null,
    appliedCashBackOutput: null,
    returnDiscount: null,
    invoicesPerRoute: null,
    paymentTerm: null,
    version: 1,
    dateCreated: new Date("2015-12-17T23:00:00.000Z"),
    lastUpdated: new Date("2016-08-16T09:02:13.000Z"),
    ...overrides,
  };
}

/** The AppError that `run` throws; fails the test when it throws nothing or something else. */
export function refusalOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, nothing was thrown");
}

/** The observable parts of a refusal, for one `toEqual`. */
export function describeRefusal(run: () => unknown) {
  const error = refusalOf(run);
  return { code: error.code, status: error.status, message: error.message, field: error.field };
}

/**
 * A value for each plain field from billingCountry to currency, in the page's
 * order, as stored (a shipping address other than the billing one): the
 * every-field tests (patch, form, rules, history, JSON) patch them all at
 * once and expect them back, so they are written out here once. Each test
 * spreads them and writes out after them what its own layer changes (an
 * entry written after the spread keeps the spread's place in the key order).
 */
export const plainFieldValues = {
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
  email: "marie@example.com",
  phone: "+33 4 93 00 00 00",
  mobile: "+33 6 00 00 00 00",
  fax: "+33 4 93 00 00 01",
  comment: "Pays on time",
  website: "example.com",
  creditLimit: 7500.5,
  dueDateConfigNumber: 30,
  dueDateConfigType: 2,
  taxNumber: "FR40303265045",
  companyRegistrationNumber: "RCS Nice 303 265 045",
  currency: "EUR",
} as const;

/** The same fields, every one cleared (as an empty form value clears it). */
export const plainFieldsCleared = Object.fromEntries(Object.keys(plainFieldValues).map((key) => [key, null])) as {
  [K in keyof typeof plainFieldValues]: null;
};

/** The shipping fields as the rules fill them from the billing address of `plainFieldValues` (isSameAddress). */
export const shippingAsBillingValues = {
  country: "FR",
  city: "Nice",
  postalCode: "06000",
  address: "1 Promenade des Anglais",
  latitude: 43.7,
  longitude: 7.25,
} as const;
