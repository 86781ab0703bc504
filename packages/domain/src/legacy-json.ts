/**
 * The customer as the legacy API shows it (SPEC §4): exactly the keys of the
 * page's success output, in the page's order, every key present (null where
 * empty). Legacy clients parse this by hand, some by position, so the order
 * is part of the contract. Every `href` uses the version of the request.
 */
import { type CustomerView, type NamedRef } from "./customer";
import {
  type CustomerFieldDefinition,
  type CustomerFieldName,
  customerFieldNames,
  customerFields,
  type CustomerFields,
  recordKeyOf,
  shippingFromBilling,
} from "./customer-fields";
import type { DueDateConfigType } from "./field-kinds";

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
  // Stryker disable next-line Regex: toISOString always ends with its one ".sssZ", anchored or not
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const legacyDueDateConfigTypeNames: Record<DueDateConfigType, string> = {
  1: "daysAfterInvoiceDate",
  2: "daysAfterEndOfInvoiceMonth",
};

/**
 * The keys of the success output that are not a field shown as stored, in
 * the page's order: ids, linked objects, read-only columns. The fields that
 * the output shows as stored take their place after the key their
 * `legacy.shownAfter` names (customer-fields.ts).
 */
const computedJsonKeys = [
  "id",
  "categoryReference",
  "customerCategory",
  "parentCustomer",
  "customerSegmentationReference",
  "customerSegmentation",
  "pocTenus",
  "logo",
  "isCredit",
  "balance",
  "maxChequePeriod",
  "maxChequeValue",
  "appliedCashBackOutput",
  "returnDiscount",
  "invoicesPerRoute",
  "paymentTerm",
  "createdBy",
  "dueDateConfigType",
  "paymentTypes",
  "contacts",
  "organization",
  "dateCreated",
  "lastUpdated",
  "region",
] as const;

type ShownAfterOf<P extends CustomerFieldName> = CustomerFields[P] extends { legacy: { shownAfter: string } } ? P : never;
/** The fields that the success output shows as stored (`legacy.shownAfter` in the field table). */
export type ShownFieldName = { [P in CustomerFieldName]: ShownAfterOf<P> }[CustomerFieldName];

const shownFields = customerFieldNames.filter(
  // Stryker disable next-line OptionalChaining: every field of the table has a `legacy` entry
  (param): param is ShownFieldName => (customerFields[param] as CustomerFieldDefinition).legacy?.shownAfter !== undefined,
);

/** Places each shown field after the key it names, until every one stands. */
function placeShownFields(): readonly string[] {
  const keys: string[] = [...computedJsonKeys];
  let waiting = [...shownFields];
  while (waiting.length > 0) {
    const stillWaiting = waiting.filter((param) => {
      const anchor = keys.indexOf((customerFields[param] as CustomerFieldDefinition).legacy!.shownAfter!);
      if (anchor === -1) return true;
      keys.splice(anchor + 1, 0, param);
      return false;
    });
    // Stryker disable next-line ConditionalExpression,StringLiteral: only a broken field table (a shownAfter naming no key) gets here
    if (stillWaiting.length === waiting.length) throw new Error(`legacy JSON: nothing to follow for ${stillWaiting.join(", ")}`);
    waiting = stillWaiting;
  }
  return keys;
}

/** The keys of the page's success output, in its order. */
export const legacyCustomerJsonKeys = placeShownFields() as readonly LegacyCustomerJsonKey[];

type ComputedJsonKey = (typeof computedJsonKeys)[number];
export type LegacyCustomerJsonKey = ComputedJsonKey | ShownFieldName;

/** Where each key's value comes from: the record key of a field shown as stored, or undefined for a computed one. */
const jsonKeySources = legacyCustomerJsonKeys.map(
  (key) => [key, (computedJsonKeys as readonly string[]).includes(key) ? undefined : recordKeyOf(key as ShownFieldName)] as const,
);

/** Whether a key of the output is a field shown as stored (its schema is the field's), rather than computed. */
export function isShownCustomerField(key: LegacyCustomerJsonKey): key is ShownFieldName {
  return !(computedJsonKeys as readonly string[]).includes(key);
}

/**
 * Every key of the output, in its order: each answer starts as a copy of this
 * and only has its values set. An object whose many keys are added one by one
 * through a computed name becomes a V8 dictionary, several times slower to
 * build and to serialize (the legacy list serializes a hundred of them).
 */
const legacyCustomerJsonTemplate: Readonly<Record<string, null>> = Object.fromEntries(
  legacyCustomerJsonKeys.map((key) => [key, null]),
);

/** SPEC §3: with isSameAddress, the shipping field (record key) shown is its billing field. */
const shownWithSameAddress: ReadonlyMap<string, string> = new Map(shippingFromBilling);

function namedRefJson(ref: NamedRef, href: string) {
  return { id: ref.id, reference: ref.reference, name: ref.name, href };
}

export function toLegacyCustomerJson(
  customer: CustomerView,
  options: { apiVersion: LegacyApiVersion; baseUrl: string },
): Record<LegacyCustomerJsonKey, unknown> {
  const { apiVersion, baseUrl } = options;
  const href = (resource: LegacyResource, id: number) => legacyHref(apiVersion, resource, id);
  const computed = {
    id: customer.id,
    categoryReference: customer.category.reference,
    customerCategory: namedRefJson(customer.category, href("customerCategory", customer.category.id)),
    parentCustomer: customer.parentCustomer
      ? namedRefJson(customer.parentCustomer, href("customer", customer.parentCustomer.id))
      : null,
    customerSegmentationReference: customer.customerSegmentation?.reference ?? null,
    customerSegmentation: customer.customerSegmentation
      ? namedRefJson(customer.customerSegmentation, href("customerSegmentation", customer.customerSegmentation.id))
      : null,
    pocTenus: customer.pocTenus,
    logo: customer.logo === null ? null : legacyLogoUrl(baseUrl, customer.organizationSlug, customer.logo),
    isCredit: customer.isCredit,
    balance: customer.balance,
    maxChequePeriod: customer.maxChequePeriod,
    maxChequeValue: customer.maxChequeValue,
    appliedCashBackOutput: customer.appliedCashBackOutput ?? null,
    returnDiscount: customer.returnDiscount,
    invoicesPerRoute: customer.invoicesPerRoute,
    paymentTerm: customer.paymentTerm,
    createdBy: customer.createdBy
      ? { userId: customer.createdBy.id, reference: customer.createdBy.reference, href: href("user", customer.createdBy.id) }
      : null,
    dueDateConfigType:
      customer.dueDateConfigType === null ? null : legacyDueDateConfigTypeNames[customer.dueDateConfigType],
    paymentTypes: [...customer.paymentTypes]
      .sort((a, b) => a.id - b.id)
      .map((paymentType) => namedRefJson(paymentType, href("paymentType", paymentType.id))),
    contacts: customer.contacts.map((contact) => ({
      id: contact.id,
      firstName: contact.firstName,
      lastName: contact.lastName,
      email: contact.email,
      phone: contact.phone,
      position: contact.position,
    })),
    organization: customer.organizationSlug,
    dateCreated: formatLegacyDate(customer.dateCreated),
    lastUpdated: formatLegacyDate(customer.lastUpdated),
    region: customer.region
      ? { id: customer.region.id, name: customer.region.name, href: href("region", customer.region.id) }
      : null,
  } satisfies Record<ComputedJsonKey, unknown>;
  const json: Record<string, unknown> = { ...legacyCustomerJsonTemplate };
  for (const [key, recordKey] of jsonKeySources) {
    if (recordKey === undefined) {
      json[key] = computed[key as ComputedJsonKey];
      continue;
    }
    // SPEC §3: with isSameAddress the response shows the billing address as the shipping one, even for a row
    // stored before the rule (the page's own example has isSameAddress with an empty shipping address).
    const shownKey = (customer.isSameAddress && shownWithSameAddress.get(recordKey)) || recordKey;
    json[key] = customer[shownKey as keyof CustomerView];
  }
  return json as Record<LegacyCustomerJsonKey, unknown>;
}
