/**
 * The batch door (`POST /api/v2.1/customers/batch`): its limit, and an item's
 * JSON values read as the update form's texts, so that an item is decoded by
 * `decodeLegacyCustomerForm` and refused or accepted exactly as the same form
 * POST would be.
 */
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

/** A batch item's fields as the form's `[name, text]` entries, in the item's order. */
export function batchItemFormFields(item: Record<string, unknown>): [string, string][] {
  return Object.entries(item).map(([name, value]) => [name, formText(value)]);
}
