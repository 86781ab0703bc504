/**
 * The customer as the legacy API shows it (SPEC §4): exactly the keys of the
 * page's success output, in the page's order, every key present (null where
 * empty). Legacy clients parse this by hand, some by position, so the order
 * is part of the contract. Every `href` uses the version of the request.
 */
import { type CustomerView, type DueDateConfigType, type NamedRef } from "./customer";

export const legacyApiVersions = ["v1.0", "v2.1"] as const;
export type LegacyApiVersion = (typeof legacyApiVersions)[number];

export function isLegacyApiVersion(value: string): value is LegacyApiVersion {
  return (legacyApiVersions as readonly string[]).includes(value);
}

/** The collections that the legacy JSON links to, as they appear in its hrefs. */
export const legacyResourcePaths = {
  customer: "customers",
  customerCategory: "customerCategories",
  customerSegmentation: "customerSegmentations",
  user: "users",
  paymentType: "paymentTypes",
  region: "regions",
} as const;
export type LegacyResource = keyof typeof legacyResourcePaths;

/** `/api/v1.0/customerCategories/2` */
export function legacyHref(apiVersion: LegacyApiVersion, resource: LegacyResource, id: number): string {
  return `/api/${apiVersion}/${legacyResourcePaths[resource]}/${id}`;
}

/** The absolute URL of a customer's picture; `small_`/`medium_` before the file name give the variants. */
export function legacyLogoUrl(baseUrl: string, organizationSlug: string, logo: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/uploads/${encodeURIComponent(organizationSlug)}/photoCustomer/${encodeURIComponent(logo)}`;
}

/** UTC `YYYY-MM-DDTHH:MM:SSZ`: the page's dates carry no milliseconds. */
export function formatLegacyDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const legacyDueDateConfigTypeNames: Record<DueDateConfigType, string> = {
  1: "daysAfterInvoiceDate",
  2: "daysAfterEndOfInvoiceMonth",
};

/** The keys of the page's success output, in its order. */
export const legacyCustomerJsonKeys = [
  "id",
  "reference",
  "reference2",
  "name",
  "categoryReference",
  "customerCategory",
  "isSubCustomer",
  "parentCustomer",
  "billWithParent",
  "customerSegmentationReference",
  "customerSegmentation",
  "pocTenus",
  "email",
  "logo",
  "phone",
  "mobile",
  "fax",
  "comment",
  "barcode",
  "isSameAddress",
  "billingCountry",
  "billingCity",
  "billingPostalCode",
  "billingAddress",
  "billingLat",
  "billingLng",
  "country",
  "city",
  "postalCode",
  "address",
  "latitude",
  "longitude",
  "isCredit",
  "creditLimit",
  "balance",
  "maxChequePeriod",
  "maxChequeValue",
  "appliedCashBackOutput",
  "returnDiscount",
  "invoicesPerRoute",
  "isActive",
  "onHold",
  "onHoldReason",
  "paymentTerm",
  "createdBy",
  "dueDateConfigNumber",
  "dueDateConfigType",
  "paymentTypes",
  "website",
  "taxNumber",
  "companyRegistrationNumber",
  "contacts",
  "currency",
  "customerRisk",
  "customerRiskColor",
  "organization",
  "dateCreated",
  "lastUpdated",
  "region",
] as const;
export type LegacyCustomerJsonKey = (typeof legacyCustomerJsonKeys)[number];

function namedRefJson(ref: NamedRef, href: string) {
  return { id: ref.id, reference: ref.reference, name: ref.name, href };
}

export function toLegacyCustomerJson(
  customer: CustomerView,
  options: { apiVersion: LegacyApiVersion; baseUrl: string },
): Record<LegacyCustomerJsonKey, unknown> {
  const { apiVersion, baseUrl } = options;
  const href = (resource: LegacyResource, id: number) => legacyHref(apiVersion, resource, id);
  // SPEC §3: with isSameAddress the response shows the billing address as the shipping one, even for a row
  // stored before the rule (the page's own example has isSameAddress with an empty shipping address).
  const shipping = customer.isSameAddress
    ? {
        country: customer.billingCountry,
        city: customer.billingCity,
        postalCode: customer.billingPostalCode,
        address: customer.billingAddress,
        latitude: customer.billingLat,
        longitude: customer.billingLng,
      }
    : customer;
  const json = {
    id: customer.id,
    reference: customer.reference,
    reference2: customer.reference2,
    name: customer.name,
    categoryReference: customer.category.reference,
    customerCategory: namedRefJson(customer.category, href("customerCategory", customer.category.id)),
    isSubCustomer: customer.isSubCustomer,
    parentCustomer: customer.parentCustomer
      ? namedRefJson(customer.parentCustomer, href("customer", customer.parentCustomer.id))
      : null,
    billWithParent: customer.billWithParent,
    customerSegmentationReference: customer.customerSegmentation?.reference ?? null,
    customerSegmentation: customer.customerSegmentation
      ? namedRefJson(customer.customerSegmentation, href("customerSegmentation", customer.customerSegmentation.id))
      : null,
    pocTenus: customer.pocTenus,
    email: customer.email,
    logo: customer.logo === null ? null : legacyLogoUrl(baseUrl, customer.organizationSlug, customer.logo),
    phone: customer.phone,
    mobile: customer.mobile,
    fax: customer.fax,
    comment: customer.comment,
    barcode: customer.barcode,
    isSameAddress: customer.isSameAddress,
    billingCountry: customer.billingCountry,
    billingCity: customer.billingCity,
    billingPostalCode: customer.billingPostalCode,
    billingAddress: customer.billingAddress,
    billingLat: customer.billingLat,
    billingLng: customer.billingLng,
    country: shipping.country,
    city: shipping.city,
    postalCode: shipping.postalCode,
    address: shipping.address,
    latitude: shipping.latitude,
    longitude: shipping.longitude,
    isCredit: customer.isCredit,
    creditLimit: customer.creditLimit,
    balance: customer.balance,
    maxChequePeriod: customer.maxChequePeriod,
    maxChequeValue: customer.maxChequeValue,
    appliedCashBackOutput: customer.appliedCashBackOutput ?? null,
    returnDiscount: customer.returnDiscount,
    invoicesPerRoute: customer.invoicesPerRoute,
    isActive: customer.isActive,
    onHold: customer.onHold,
    onHoldReason: customer.onHoldReason,
    paymentTerm: customer.paymentTerm,
    createdBy: customer.createdBy
      ? { userId: customer.createdBy.id, reference: customer.createdBy.reference, href: href("user", customer.createdBy.id) }
      : null,
    dueDateConfigNumber: customer.dueDateConfigNumber,
    dueDateConfigType:
      customer.dueDateConfigType === null ? null : legacyDueDateConfigTypeNames[customer.dueDateConfigType],
    paymentTypes: [...customer.paymentTypes]
      .sort((a, b) => a.id - b.id)
      .map((paymentType) => namedRefJson(paymentType, href("paymentType", paymentType.id))),
    website: customer.website,
    taxNumber: customer.taxNumber,
    companyRegistrationNumber: customer.companyRegistrationNumber,
    contacts: customer.contacts.map((contact) => ({
      id: contact.id,
      firstName: contact.firstName,
      lastName: contact.lastName,
      email: contact.email,
      phone: contact.phone,
      position: contact.position,
    })),
    currency: customer.currency,
    customerRisk: customer.customerRisk,
    customerRiskColor: customer.customerRiskColor,
    organization: customer.organizationSlug,
    dateCreated: formatLegacyDate(customer.dateCreated),
    lastUpdated: formatLegacyDate(customer.lastUpdated),
    region: customer.region
      ? { id: customer.region.id, name: customer.region.name, href: href("region", customer.region.id) }
      : null,
  } satisfies Record<LegacyCustomerJsonKey, unknown>;
  return json;
}
