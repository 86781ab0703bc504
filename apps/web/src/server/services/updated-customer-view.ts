import type { CustomerRecord, CustomerView } from "@cr/domain";

import type { NamedObjects } from "./resolve-customer-references";

/**
 * The answer of an update, built from what the transaction read and wrote
 * rather than read again: the stored view before, the record the rules made,
 * the objects the patch named, the new version and time. A related object
 * that did not change keeps its entry of the view before; one that did is
 * one the patch named (the rules only ever clear the others).
 */
export function updatedCustomerView(args: {
  before: CustomerView;
  next: CustomerRecord;
  named: NamedObjects;
  version: number;
  lastUpdated: Date;
}): CustomerView {
  const { before, next, named } = args;
  const related = <T extends { id: number }>(id: number | null, previous: T | null, patched: T | null | undefined) => {
    if (id === null) return null;
    if (id === previous?.id) return previous;
    if (patched?.id === id) return patched;
    throw new Error(`updatedCustomerView: no named object for id ${id}`);
  };
  // stored and read back ordered by id (see findCustomerViews)
  const paymentTypeIds = [...new Set(next.paymentTypeIds)].sort((a, b) => a - b);
  const paymentTypes = paymentTypeIds.map(
    (id) => related(id, before.paymentTypes.find((type) => type.id === id) ?? null, named.paymentTypes?.find((type) => type.id === id))!,
  );

  return {
    ...before,
    ...next,
    paymentTypeIds,
    category: related(next.categoryId, before.category, named.category)!,
    parentCustomer: related(next.parentCustomerId, before.parentCustomer, named.parentCustomer),
    customerSegmentation: related(next.customerSegmentationId, before.customerSegmentation, named.customerSegmentation),
    createdBy: related(next.createdByUserId, before.createdBy, named.createdBy),
    region: related(next.regionId, before.region, named.region),
    paymentTypes,
    version: args.version,
    lastUpdated: args.lastUpdated,
  };
}
