/**
 * The parameter table of the legacy update page, as the page prints it: its
 * type names (`Long/String`, `JSON structure`...), its descriptions and
 * example values. The OpenAPI document builds the update's form bodies from
 * it. Keyed by the patch's fields (plus the body `id` and `imageFile`), so
 * that a parameter added to `CustomerPatch` cannot go undocumented.
 */
import type { CustomerPatchField } from "./customer-patch";

export interface LegacyParameterDoc {
  /** The type column of the page. */
  pageType: string;
  description?: string;
  examples?: readonly string[];
}

export type LegacyUpdateParameter = CustomerPatchField | "id" | "imageFile";

export const legacyUpdateParameterDocs = {
  id: {
    pageType: "Integer/String",
    description:
      "The ID of the desired customer. The path names the customer; a body `id` naming another one is refused.",
    examples: ["123"],
  },
  reference: { pageType: "String", description: "External id, unique in the organization." },
  name: { pageType: "String" },
  reference2: { pageType: "String" },
  barcode: { pageType: "String" },
  isActive: { pageType: "Boolean", description: "By default, it is set to true.", examples: ["true", "false"] },
  categoryId: {
    pageType: "Long/String",
    description:
      "The ID of the customer category. By default, if this parameter is not specified, customer will be added to the root customer category.",
  },
  isSubCustomer: { pageType: "Boolean", description: "By default, it is equal to false.", examples: ["true", "false"] },
  parentCustomerId: {
    pageType: "Long/String",
    description: "Identifier of parent customer. Required if isSubCustomer is equal to true.",
  },
  billWithParent: { pageType: "Boolean", description: "By default, it is equal to false." },
  customerSegmentationId: { pageType: "Long/String" },
  userId: { pageType: "Long/String", description: "User who created the customer." },
  isSameAddress: {
    pageType: "Boolean",
    description: "If shipping address is the same as billing address. By default, this parameter is equal to true.",
  },
  billingCountry: {
    pageType: "String",
    description: "ISO country code or country name of billing.",
    examples: ["FR", "France"],
  },
  billingCity: { pageType: "String", description: "Billing city." },
  billingPostalCode: { pageType: "String", description: "Billing postal code." },
  billingAddress: { pageType: "String", description: "Billing address." },
  billingLat: { pageType: "Double", description: "Billing latitude." },
  billingLng: { pageType: "Double", description: "Billing longitude." },
  country: { pageType: "String", description: "ISO country code or country name of shipping.", examples: ["FR", "France"] },
  city: { pageType: "String", description: "Shipping city." },
  postalCode: { pageType: "String", description: "Shipping postal code." },
  address: { pageType: "String", description: "Shipping address." },
  latitude: { pageType: "Double", description: "Shipping latitude." },
  longitude: { pageType: "Double", description: "Shipping longitude." },
  email: { pageType: "String" },
  phone: { pageType: "String" },
  mobile: { pageType: "String" },
  fax: { pageType: "String" },
  comment: { pageType: "String" },
  website: { pageType: "String" },
  creditLimit: {
    pageType: "Double",
    description: "At least 0, at most 2 decimals and 15 significant digits: an amount that cannot be stored exactly is refused, never rounded.",
  },
  dueDateConfigNumber: {
    pageType: "Integer",
    description: "Number of days. Required if dueDateConfigType is specified.",
  },
  dueDateConfigType: {
    pageType: "String",
    description: 'Should be equal to 1 if "after the invoice date" or 2 if "after the end of the invoice month".',
    examples: ["1", "2"],
  },
  taxNumber: { pageType: "String", description: "Tax / VAT number." },
  companyRegistrationNumber: { pageType: "String", description: "Company registration number." },
  currency: {
    pageType: "String",
    description: "ISO code of configured currency. By default, it is set as the organization currency.",
    examples: ["EUR"],
  },
  imageFile: {
    pageType: "Multipart",
    description: "Image can be in jpg, gif, png or bmp format (at most 2 MiB; multipart bodies only).",
  },
  paymentTypes: {
    pageType: "JSON structure",
    description: "List of the id of payment type; replaces the customer's whole set.",
    examples: ['[{"id"=7},{"id"=8}]', '[{"id":7}]', "[]"],
  },
  regionId: { pageType: "Long", description: "The numeric value of the region's ID." },
  customerRisk: { pageType: "String" },
  customerRiskColor: { pageType: "String", examples: ["#FFFFFF", "#1BE9D8"] },
  onHold: { pageType: "Boolean", description: "By default, it is set to false.", examples: ["true", "false"] },
  onHoldReason: { pageType: "String" },
} as const satisfies Record<LegacyUpdateParameter, LegacyParameterDoc>;
