/**
 * Bulk reads for the preview of a CSV import: the customers a chunk of rows
 * names and the objects its rows refer to, one statement per kind instead of
 * several per row. What the rules do with them stays the domain's.
 */
import type { CustomerRecord } from "@cr/domain";
import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

import type { Database } from "../client";
import { customerCategories, customerPaymentTypes, customers, customerSegmentations, paymentTypes, regions, users } from "../schema";
import { toCustomerRecord } from "./customer-repository";

const paymentTypeIds = sql<number[]>`coalesce((
    select json_agg(cpt.payment_type_id order by cpt.payment_type_id)
    from ${customerPaymentTypes} cpt where cpt.customer_id = ${customers.id}
  ), '[]'::json)`.mapWith((value) => (typeof value === "string" ? JSON.parse(value) : value) as number[]);

/** Rows whose id is among `ids` or whose reference is among `references`. */
function idOrReference(table: { id: PgColumn; reference: PgColumn }, ids: number[], references: string[]) {
  const conditions: SQL[] = [];
  if (ids.length > 0) conditions.push(inArray(table.id, ids));
  if (references.length > 0) conditions.push(inArray(table.reference, references));
  return conditions.length > 0 ? (or(...conditions) as SQL) : sql`false`;
}

/** The organization's customers among these ids and references, as the rules see them (not locked). */
export async function findCustomerRecordsByLookups(
  db: Database,
  args: { organizationId: number; ids: number[]; references: string[] },
): Promise<CustomerRecord[]> {
  const rows = await db
    .select({ customer: customers, paymentTypeIds })
    .from(customers)
    .where(and(eq(customers.organizationId, args.organizationId), idOrReference(customers, args.ids, args.references)));
  return rows.map((row) => toCustomerRecord(row.customer, row.paymentTypeIds));
}

/** The objects named by id or reference (regions and payment types by id), in the organization. */
export async function findReferencedObjects(
  db: Database,
  args: {
    organizationId: number;
    categories: { ids: number[]; references: string[] };
    segmentations: { ids: number[]; references: string[] };
    users: { ids: number[]; references: string[] };
    regionIds: number[];
    paymentTypeIds: number[];
  },
) {
  const { organizationId } = args;
  const [categoryRows, segmentationRows, userRows, regionRows, paymentTypeRows] = await Promise.all([
    db
      .select({ id: customerCategories.id, reference: customerCategories.reference, name: customerCategories.name })
      .from(customerCategories)
      .where(and(eq(customerCategories.organizationId, organizationId), idOrReference(customerCategories, args.categories.ids, args.categories.references))),
    db
      .select({ id: customerSegmentations.id, reference: customerSegmentations.reference, name: customerSegmentations.name })
      .from(customerSegmentations)
      .where(
        and(eq(customerSegmentations.organizationId, organizationId), idOrReference(customerSegmentations, args.segmentations.ids, args.segmentations.references)),
      ),
    db
      .select({ id: users.id, reference: users.reference })
      .from(users)
      .where(and(eq(users.organizationId, organizationId), idOrReference(users, args.users.ids, args.users.references))),
    args.regionIds.length === 0
      ? Promise.resolve([])
      : db
          .select({ id: regions.id, name: regions.name, level: regions.level })
          .from(regions)
          .where(and(eq(regions.organizationId, organizationId), inArray(regions.id, args.regionIds))),
    args.paymentTypeIds.length === 0
      ? Promise.resolve([])
      : db
          .select({ id: paymentTypes.id, reference: paymentTypes.reference, name: paymentTypes.name })
          .from(paymentTypes)
          .where(and(eq(paymentTypes.organizationId, organizationId), inArray(paymentTypes.id, args.paymentTypeIds))),
  ]);
  return { categories: categoryRows, segmentations: segmentationRows, users: userRows, regions: regionRows, paymentTypes: paymentTypeRows };
}
