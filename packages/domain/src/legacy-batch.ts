/**
 * The batch door (`POST /api/v2.1/customers/batch`): its limit, and an item's
 * JSON values read as the update form's texts, so that an item is decoded by
 * `decodeLegacyCustomerForm` and refused or accepted exactly as the same form
 * POST would be. An item names its customer by `id`, a form field as on the
 * form, or by `customerReference` (customer-naming.ts), which is no field of
 * the form and is read apart.
 */
import { customerReferenceParameter } from "./customer-naming";
import { errors } from "./errors";

export const customerBatchMaxItems = 500;

/** A JSON value as the text the update form would carry for it: null is an empty value, which clears. */
function formText(value: unknown): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  // Stryker disable next-line ConditionalExpression, StringLiteral: a boolean passed on to JSON.stringify is "true" or "false" too
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  // the `paymentTypes` structure, as the form writes it
  return JSON.stringify(value);
}

/**
 * A batch item's fields as the form's `[name, text]` entries, in the item's
 * order; `customerReference` is left out, so that the form decoder does not
 * list it among the parameters it ignores.
 */
export function batchItemFormFields(item: Record<string, unknown>): [string, string][] {
  return Object.entries(item).flatMap(([name, value]): [string, string][] =>
    name === customerReferenceParameter ? [] : [[name, formText(value)]],
  );
}

/**
 * A batch item's `customerReference` as written, as the item's other values
 * are read: a string as it is, a number as written (`10025`), null as none. A
 * boolean, a list or an object is no reference: a wrong type.
 */
export function batchItemCustomerReference(item: Record<string, unknown>): string | undefined {
  const value = item[customerReferenceParameter];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" || typeof value === "number") return formText(value);
  throw errors.invalidParamType(customerReferenceParameter);
}
