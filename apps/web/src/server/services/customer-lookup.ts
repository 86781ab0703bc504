import { AppError, type CustomerNaming, type CustomerRecord, customerReferenceParameter, errors, isStorableText } from "@cr/domain";
import type { CustomerLookup } from "@cr/db/repositories";

export function customerNotFound(lookup: CustomerLookup): AppError {
  return "id" in lookup
    ? errors.notFound("customer", lookup.id)
    : new AppError("not_found", `The customer with the reference ${lookup.reference} doesn't exist.`);
}

/**
 * The legacy body may repeat the customer's `id` (or its reference): accepted
 * and ignored when it names the customer of the path, refused otherwise.
 */
export function assertBodyIdNamesCustomer(customer: CustomerRecord, bodyId: string | undefined): void {
  if (bodyId === undefined) return;
  const value = bodyId.trim();
  const namesCustomer = /^\d+$/.test(value) ? Number(value) === customer.id : value === customer.reference;
  if (!namesCustomer) throw errors.invalidParamType("id");
}

/**
 * A path segment that cannot be a customer id is answered like an unknown
 * customer; a reference that no text column can hold is a wrong type, as it
 * is in a body.
 */
export function customerLookupFromPath(segment: { id: string } | { reference: string }): CustomerLookup {
  if ("reference" in segment) {
    if (!isStorableText(segment.reference)) throw errors.invalidParamType("reference");
    return { reference: segment.reference };
  }
  if (!/^\d{1,9}$/.test(segment.id)) throw errors.notFound("customer", segment.id);
  return { id: Number(segment.id) };
}

/**
 * The customer named by an `id` value of a batch item or of an import's row:
 * once trimmed (as the form's strings, and its body's `id` above), digits are
 * its internal id, anything else its reference, as the form's `id` (SPEC). A
 * reference no text column can hold is a wrong type of `id`.
 */
export function customerLookupFromId(id: string): CustomerLookup {
  const value = id.trim();
  if (/^\d+$/.test(value)) return customerLookupFromPath({ id: value });
  if (!isStorableText(value)) throw errors.invalidParamType("id");
  return { reference: value };
}

/**
 * The customer a batch item or an import row names (`customerNamingOf` in the
 * domain): by `id` as above, or by `customerReference`, always a reference,
 * digits too (an ERP's customer number). A reference no text column can hold
 * is a wrong type of the parameter that carried it.
 */
export function customerLookupFromNaming(naming: CustomerNaming): CustomerLookup {
  if ("id" in naming) return customerLookupFromId(naming.id);
  const reference = naming.customerReference.trim();
  if (!isStorableText(reference)) throw errors.invalidParamType(customerReferenceParameter);
  return { reference };
}
