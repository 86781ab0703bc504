/**
 * How a batch item or an import row names the customer it updates.
 *
 * `id` reads digits as the internal id and anything else as the reference, as
 * the form's `id` does (SPEC). A customer whose reference is all digits (an
 * ERP's customer number, `10025`) cannot be named that way, so
 * `customerReference` names a customer by its reference only, digits or not.
 * It is a look-up and nothing else: `reference` stays the parameter that
 * changes the reference, so `{"customerReference": "10025", "reference":
 * "10026"}` renames customer 10025 to 10026.
 */
import { errors } from "./errors";

export const customerReferenceParameter = "customerReference";

/** The customer as the item or row named it, trimmed: by `id` or by `customerReference`. */
export type CustomerNaming = { id: string } | { customerReference: string };

export const customerNamingTexts = {
  both: "Name the customer by id or by customerReference, not both.",
} as const;

/**
 * Exactly one of `id` and `customerReference`, each trimmed, an empty value
 * taken as none (as the form takes an empty `id`). Both: `invalid_param` on
 * `customerReference`, whose text names both. Neither: the `missing_param`
 * "id parameter is missing" that an item without `id` has always had, so that
 * a client that never sends `customerReference` reads the same answer as
 * before; `id` is still the usual way, the one the export writes.
 */
export function customerNamingOf(values: { id?: string; customerReference?: string }): CustomerNaming {
  const id = values.id?.trim() || undefined;
  const customerReference = values.customerReference?.trim() || undefined;
  if (id !== undefined && customerReference !== undefined) {
    throw errors.invalidParam(customerReferenceParameter, customerNamingTexts.both);
  }
  if (customerReference !== undefined) return { customerReference };
  if (id === undefined) throw errors.missingParam("id");
  return { id };
}
