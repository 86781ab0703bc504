/**
 * Small factories for the tests of this package: the page's example customer
 * (SPEC §6) and a way to look at a refusal. Not exported by the package.
 */
import { type CustomerRecord, type CustomerView, type OrganizationSettings } from "./customer";
import { AppError } from "./errors";

/** Customer 256 `NC-3` of the page's example, as stored after the update rules. */
export function aCustomer(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    id: 256,
    organizationId: 1,
    reference: "NC-3",
    reference2: null,
    name: "Marie's Jewelry",
    barcode: null,
    isActive: true,
    categoryId: 2,
    isSubCustomer: false,
    parentCustomerId: null,
    billWithParent: false,
    customerSegmentationId: 1,
    createdByUserId: 2,
    isSameAddress: false,
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
    email: null,
    phone: null,
    mobile: null,
    fax: null,
    comment: null,
    website: null,
    creditLimit: 5000,
    dueDateConfigNumber: 7,
    dueDateConfigType: 1,
    taxNumber: null,
    companyRegistrationNumber: null,
    currency: "USD",
    regionId: 2,
    customerRisk: null,
    customerRiskColor: null,
    onHold: false,
    onHoldReason: null,
    logo: null,
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
