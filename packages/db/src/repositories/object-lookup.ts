/**
 * How the legacy contract names an object: by internal id or by its
 * `reference`, always inside the caller's organization, so another
 * organization's object is never found.
 */
import type { EntityRef } from "@cr/domain";
import { and, eq, type SQL } from "drizzle-orm";

import { type customerCategories, type customers, type customerSegmentations, type paymentTypes, type regions, type users } from "../schema";

export type ObjectLookup = { id: number } | { reference: string };

type ReferencedTable =
  | typeof customerCategories
  | typeof customerSegmentations
  | typeof paymentTypes
  | typeof regions
  | typeof users
  | typeof customers;

/** A patch's reference: a number is an id, a string a `reference`. */
export function lookupOfRef(ref: EntityRef): ObjectLookup {
  return typeof ref === "number" ? { id: ref } : { reference: ref };
}

export function lookupCondition(table: ReferencedTable, organizationId: number, lookup: ObjectLookup): SQL {
  return and(
    eq(table.organizationId, organizationId),
    "id" in lookup ? eq(table.id, lookup.id) : eq(table.reference, lookup.reference),
  ) as SQL;
}
