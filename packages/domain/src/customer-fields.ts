/**
 * Every field of a customer that the update contract writes, declared once.
 * Keyed by its legacy parameter name, in the order of the page's parameter
 * table (the first refusal of a request is the first in this order). From
 * this table come the patch schema (customer-patch.ts), the form decoder's
 * wire types (legacy-form.ts), the fields the update copies and the history's
 * diff (update-rules.ts), the legacy JSON's plain keys and their order
 * (legacy-json.ts), the OpenAPI descriptions, the customer record's type, and
 * the web form's labels and messages.
 *
 * Each entry is a kind (field-kinds.ts: wire type, zod rule, storage, form
 * control) with the field's own details:
 * - `label`: what people read (form, messages, history); `group`: the form section it belongs to;
 * - `record`: the customer record's key, when it is not the parameter's name;
 * - `apply`: "copy" writes the patch value as it is; "rule" leaves it to the
 *   explicit rules of update-rules.ts (references, hierarchy, currency, region, picture);
 * - `sameAsBilling`: with `isSameAddress`, the stored value is a copy of that billing field;
 * - `legacy`: the page's row (its type name when it differs from the wire
 *   type's, description, examples) and, for a value the success output shows
 *   as stored, the key it follows there (`shownAfter`). A field added after
 *   the page has no `legacy.shownAfter`: the page's output keeps exactly its keys.
 *
 * Rules that tie several fields together stay explicit code in update-rules.ts.
 */
import {
  amount,
  type FieldKind,
  type FormControl,
  coordinate,
  country,
  currencyCode,
  dueDateDays,
  dueDateKind,
  flag,
  objectReference,
  optionalText,
  paymentTypeSet,
  picture,
  regionReference,
  requiredText,
  type StoredValueOf,
  textRules,
} from "./field-kinds";
import type { z } from "zod";

/** The sections of the customer form. */
export type CustomerFieldGroup =
  | "identity"
  | "hierarchy"
  | "billingAddress"
  | "shippingAddress"
  | "contact"
  | "finance"
  | "region"
  | "risk"
  | "picture";

export const customerFields = {
  reference: {
    ...requiredText(100),
    label: "Reference",
    group: "identity",
    apply: "copy",
    legacy: { shownAfter: "id", description: "External id, unique in the organization." },
  },
  name: { ...requiredText(255), label: "Name", group: "identity", apply: "copy", legacy: { shownAfter: "reference2" } },
  reference2: {
    ...optionalText(100),
    label: "Second reference",
    group: "identity",
    apply: "copy",
    legacy: { shownAfter: "reference" },
  },
  barcode: { ...optionalText(100), label: "Barcode", group: "identity", apply: "copy", legacy: { shownAfter: "comment" } },
  isActive: {
    ...flag(),
    label: "Active",
    group: "identity",
    apply: "copy",
    legacy: { shownAfter: "invoicesPerRoute", description: "By default, it is set to true.", examples: ["true", "false"] },
  },
  categoryId: {
    // null: the organization's root category
    ...objectReference<number>(),
    label: "Category",
    group: "hierarchy",
    apply: "rule",
    legacy: {
      description:
        "The ID of the customer category. By default, if this parameter is not specified, customer will be added to the root customer category.",
    },
  },
  isSubCustomer: {
    ...flag(),
    label: "Sub-customer",
    group: "hierarchy",
    apply: "rule",
    legacy: { shownAfter: "customerCategory", description: "By default, it is equal to false.", examples: ["true", "false"] },
  },
  parentCustomerId: {
    ...objectReference<number | null>(),
    label: "Parent customer",
    group: "hierarchy",
    apply: "rule",
    legacy: { description: "Identifier of parent customer. Required if isSubCustomer is equal to true." },
  },
  billWithParent: {
    ...flag(),
    label: "Bill the parent customer",
    group: "hierarchy",
    apply: "rule",
    legacy: { shownAfter: "parentCustomer", description: "By default, it is equal to false." },
  },
  customerSegmentationId: {
    ...objectReference<number | null>(),
    label: "Segmentation",
    group: "hierarchy",
    apply: "rule",
    legacy: {},
  },
  userId: {
    ...objectReference<number | null>(),
    // set by integrations only: the form shows who created the customer, it does not change it
    control: "none",
    label: "Created by",
    group: "hierarchy",
    record: "createdByUserId",
    apply: "rule",
    legacy: { description: "User who created the customer." },
  },
  isSameAddress: {
    ...flag(),
    label: "Shipping same as billing",
    group: "shippingAddress",
    apply: "copy",
    legacy: {
      shownAfter: "barcode",
      description: "If shipping address is the same as billing address. By default, this parameter is equal to true.",
    },
  },
  billingCountry: {
    ...country(),
    label: "Billing country",
    group: "billingAddress",
    apply: "copy",
    legacy: { shownAfter: "isSameAddress", description: "ISO country code or country name of billing.", examples: ["FR", "France"] },
  },
  billingCity: {
    ...optionalText(255),
    label: "Billing city",
    group: "billingAddress",
    apply: "copy",
    legacy: { shownAfter: "billingCountry", description: "Billing city." },
  },
  billingPostalCode: {
    ...optionalText(32),
    label: "Billing postal code",
    group: "billingAddress",
    apply: "copy",
    legacy: { shownAfter: "billingCity", description: "Billing postal code." },
  },
  billingAddress: {
    ...optionalText(1000),
    label: "Billing address",
    group: "billingAddress",
    apply: "copy",
    legacy: { shownAfter: "billingPostalCode", description: "Billing address." },
  },
  billingLat: {
    ...coordinate(90),
    label: "Billing latitude",
    group: "billingAddress",
    apply: "copy",
    legacy: { shownAfter: "billingAddress", description: "Billing latitude." },
  },
  billingLng: {
    ...coordinate(180),
    label: "Billing longitude",
    group: "billingAddress",
    apply: "copy",
    legacy: { shownAfter: "billingLat", description: "Billing longitude." },
  },
  country: {
    ...country(),
    label: "Shipping country",
    group: "shippingAddress",
    apply: "copy",
    sameAsBilling: "billingCountry",
    legacy: { shownAfter: "billingLng", description: "ISO country code or country name of shipping.", examples: ["FR", "France"] },
  },
  city: {
    ...optionalText(255),
    label: "Shipping city",
    group: "shippingAddress",
    apply: "copy",
    sameAsBilling: "billingCity",
    legacy: { shownAfter: "country", description: "Shipping city." },
  },
  postalCode: {
    ...optionalText(32),
    label: "Shipping postal code",
    group: "shippingAddress",
    apply: "copy",
    sameAsBilling: "billingPostalCode",
    legacy: { shownAfter: "city", description: "Shipping postal code." },
  },
  address: {
    ...optionalText(1000),
    label: "Shipping address",
    group: "shippingAddress",
    apply: "copy",
    sameAsBilling: "billingAddress",
    legacy: { shownAfter: "postalCode", description: "Shipping address." },
  },
  latitude: {
    ...coordinate(90),
    label: "Shipping latitude",
    group: "shippingAddress",
    apply: "copy",
    sameAsBilling: "billingLat",
    legacy: { shownAfter: "address", description: "Shipping latitude." },
  },
  longitude: {
    ...coordinate(180),
    label: "Shipping longitude",
    group: "shippingAddress",
    apply: "copy",
    sameAsBilling: "billingLng",
    legacy: { shownAfter: "latitude", description: "Shipping longitude." },
  },
  email: {
    ...optionalText(320, textRules.email),
    label: "Email",
    group: "contact",
    apply: "copy",
    legacy: { shownAfter: "pocTenus" },
  },
  phone: { ...optionalText(64), label: "Phone", group: "contact", apply: "copy", legacy: { shownAfter: "logo" } },
  mobile: { ...optionalText(64), label: "Mobile", group: "contact", apply: "copy", legacy: { shownAfter: "phone" } },
  fax: { ...optionalText(64), label: "Fax", group: "contact", apply: "copy", legacy: { shownAfter: "mobile" } },
  comment: { ...optionalText(10_000), label: "Comment", group: "contact", apply: "copy", legacy: { shownAfter: "fax" } },
  website: {
    ...optionalText(2048, textRules.website),
    label: "Website",
    group: "contact",
    apply: "copy",
    legacy: { shownAfter: "paymentTypes" },
  },
  creditLimit: {
    ...amount(),
    label: "Credit limit",
    group: "finance",
    apply: "copy",
    legacy: {
      shownAfter: "isCredit",
      description:
        "At least 0, at most 2 decimals and 15 significant digits: an amount that cannot be stored exactly is refused, never rounded.",
    },
  },
  dueDateConfigNumber: {
    ...dueDateDays(),
    label: "Payment term (days)",
    group: "finance",
    apply: "copy",
    legacy: { shownAfter: "createdBy", description: "Number of days. Required if dueDateConfigType is specified." },
  },
  dueDateConfigType: {
    ...dueDateKind(),
    label: "Payment term counted from",
    group: "finance",
    apply: "copy",
    legacy: {
      description: 'Should be equal to 1 if "after the invoice date" or 2 if "after the end of the invoice month".',
      examples: ["1", "2"],
    },
  },
  taxNumber: {
    ...optionalText(64),
    label: "Tax number",
    group: "finance",
    apply: "copy",
    legacy: { shownAfter: "website", description: "Tax / VAT number." },
  },
  companyRegistrationNumber: {
    ...optionalText(64),
    label: "Company registration number",
    group: "finance",
    apply: "copy",
    legacy: { shownAfter: "taxNumber", description: "Company registration number." },
  },
  currency: {
    // null or empty: the organization's default currency
    ...currencyCode(),
    label: "Currency",
    group: "finance",
    apply: "rule",
    legacy: {
      shownAfter: "contacts",
      description: "ISO code of configured currency. By default, it is set as the organization currency.",
      examples: ["EUR"],
    },
  },
  imageFile: {
    ...picture(),
    label: "Logo",
    group: "picture",
    record: "logo",
    apply: "rule",
    legacy: { description: "Image can be in jpg, gif, png or bmp format (at most 2 MiB; multipart bodies only)." },
  },
  paymentTypes: {
    ...paymentTypeSet(),
    label: "Payment types",
    group: "finance",
    record: "paymentTypeIds",
    apply: "copy",
    legacy: {
      // how the page names the items in its type error
      typeErrorName: "payment type id",
      description: "List of the id of payment type; replaces the customer's whole set.",
      examples: ['[{"id"=7},{"id"=8}]', '[{"id":7}]', "[]"],
    },
  },
  regionId: {
    ...regionReference(),
    label: "Region",
    group: "region",
    apply: "rule",
    legacy: { pageType: "Long", description: "The numeric value of the region's ID." },
  },
  customerRisk: {
    ...optionalText(255),
    label: "Risk",
    group: "risk",
    apply: "copy",
    legacy: { shownAfter: "currency" },
  },
  customerRiskColor: {
    ...optionalText(7, textRules.color),
    label: "Risk colour",
    group: "risk",
    apply: "copy",
    legacy: { shownAfter: "customerRisk", examples: ["#FFFFFF", "#1BE9D8"] },
  },
  onHold: {
    ...flag(),
    label: "On hold",
    group: "risk",
    apply: "copy",
    legacy: { shownAfter: "isActive", description: "By default, it is set to false.", examples: ["true", "false"] },
  },
  onHoldReason: {
    ...optionalText(1000),
    label: "Reason for hold",
    group: "risk",
    apply: "copy",
    legacy: { shownAfter: "onHold" },
  },
} as const satisfies Record<string, CustomerFieldDefinition>;

/** What every entry of the table declares (see the top of this file). */
export interface CustomerFieldDefinition extends FieldKind<z.ZodType | undefined, unknown> {
  label: string;
  group: CustomerFieldGroup;
  record?: string;
  apply: "copy" | "rule";
  sameAsBilling?: string;
  legacy?: {
    pageType?: string;
    description?: string;
    examples?: readonly string[];
    shownAfter?: string;
    typeErrorName?: string;
  };
}

export type CustomerFields = typeof customerFields;
export type CustomerFieldName = keyof CustomerFields;

/** The parameters, in the order of the page's parameter table. */
export const customerFieldNames = Object.keys(customerFields) as CustomerFieldName[];

/** The record key of each parameter of `P` (distributes over a union). */
type RecordKeyOf<P extends CustomerFieldName> = P extends CustomerFieldName
  ? CustomerFields[P] extends { record: infer Key extends string }
    ? Key
    : P
  : never;

/** The stored values that the update contract writes, by record key (`createdByUserId` for `userId`). */
export type CustomerWritableFields = {
  -readonly [P in CustomerFieldName as RecordKeyOf<P>]: StoredValueOf<CustomerFields[P]>;
};

export type CustomerRecordKey = keyof CustomerWritableFields;

export function recordKeyOf(param: CustomerFieldName): CustomerRecordKey {
  const field: CustomerFieldDefinition = customerFields[param];
  return (field.record ?? param) as CustomerRecordKey;
}

/** The record's writable keys, in the order of the page's parameter table. */
export const customerRecordKeys = customerFieldNames.map(recordKeyOf);

/** The label people read for a parameter (or for the history's `logo`); the name itself for anything else. */
export function customerFieldLabel(name: string): string {
  if (name === "logo") return customerFields.imageFile.label;
  return Object.hasOwn(customerFields, name) ? customerFields[name as CustomerFieldName].label : name;
}

/** With `isSameAddress`, each shipping field (record key) is a copy of its billing field: `[shipping, billing]` pairs. */
export const shippingFromBilling = customerFieldNames.flatMap((param) => {
  const field: CustomerFieldDefinition = customerFields[param];
  return field.sameAsBilling ? [[recordKeyOf(param), field.sameAsBilling as CustomerRecordKey] as const] : [];
});

/** A set of values (the payment types) is stored as rows of a table of its own; any other value in a column. */
type ColumnFieldName = {
  [P in CustomerFieldName]: StoredValueOf<CustomerFields[P]> extends readonly unknown[] ? never : P;
}[CustomerFieldName];

/** The record keys stored in a column of the customers table (all but the payment types, which have rows of their own). */
export type CustomerColumnKey = RecordKeyOf<ColumnFieldName>;

/** Each record key stored in a column, with the type of column that holds it. */
export const customerColumnFields = customerFieldNames.flatMap((param) => {
  const { storage, maxLength } = customerFields[param] as CustomerFieldDefinition;
  return storage === "rows" ? [] : [{ recordKey: recordKeyOf(param) as CustomerColumnKey, storage, maxLength }];
});

/** The parameters that the customer form edits with `control`, in the order of the page's parameter table. */
export type CustomerFieldEditedAs<Control extends FormControl> = {
  [P in CustomerFieldName]: CustomerFields[P]["control"] extends Control ? P : never;
}[CustomerFieldName];

export function customerFieldsEditedAs<Control extends FormControl>(control: Control): CustomerFieldEditedAs<Control>[] {
  return customerFieldNames.filter((param): param is CustomerFieldEditedAs<Control> => customerFields[param].control === control);
}
