/**
 * The parameter table of the legacy update page, as the page prints it: its
 * type names (`Long/String`, `JSON structure`...), its descriptions and
 * example values, from the field table (customer-fields.ts) plus the body
 * `id`. The OpenAPI document builds the update's form bodies from it.
 */
import { type CustomerFieldDefinition, type CustomerFieldName, customerFieldNames, customerFields } from "./customer-fields";
import type { LegacyWireType } from "./field-kinds";

export interface LegacyParameterDoc {
  /** The type column of the page. */
  pageType: string;
  description?: string;
  examples?: readonly string[];
}

export type LegacyUpdateParameter = CustomerFieldName | "id";

/** The fields that are parameters of the page (a field added after it has no `legacy` entry). */
// Stryker disable next-line MethodExpression: every field of the table has a `legacy` entry, so the filter keeps them all
const legacyFieldNames = customerFieldNames.filter((param) => (customerFields[param] as CustomerFieldDefinition).legacy);

/** The page's type name of each wire type, where a field does not name its own. */
const pageTypeOfWire: Record<LegacyWireType, string> = {
  String: "String",
  Boolean: "Boolean",
  Integer: "Integer",
  Double: "Double",
  Amount: "Double",
  "Long/String": "Long/String",
  DueDateConfigType: "String",
  PaymentTypes: "JSON structure",
  Multipart: "Multipart",
};

function parameterDoc(param: CustomerFieldName): LegacyParameterDoc {
  const field: CustomerFieldDefinition = customerFields[param];
  const { pageType = pageTypeOfWire[field.wire], description, examples } = field.legacy ?? {};
  return { pageType, ...(description && { description }), ...(examples && { examples }) };
}

export const legacyUpdateParameterDocs = {
  id: {
    pageType: "Integer/String",
    description:
      "The ID of the desired customer. The path names the customer; a body `id` naming another one is refused.",
    examples: ["123"],
  },
  ...(Object.fromEntries(legacyFieldNames.map((param) => [param, parameterDoc(param)])) as Partial<
    Record<CustomerFieldName, LegacyParameterDoc>
  >),
} satisfies Partial<Record<LegacyUpdateParameter, LegacyParameterDoc>>;
