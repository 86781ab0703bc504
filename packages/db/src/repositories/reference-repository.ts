/**
 * What the update needs besides the related objects' own finders
 * (related-object-repository.ts): the root category, a parent customer, a set
 * of payment types, and the options of the UI's pickers. Always scoped to the
 * organization.
 */
import type { EntityRef } from "@cr/domain";
import { and, asc, eq, ilike, inArray, isNull, or, type SQL } from "drizzle-orm";

import type { Database } from "../client";
import { customerCategories, customers, customerSegmentations, paymentTypes, regions } from "../schema";
import { lookupCondition, lookupOfRef } from "./object-lookup";

export async function findRootCategory(db: Database, organizationId: number) {
  const [row] = await db
    .select({ id: customerCategories.id, reference: customerCategories.reference, name: customerCategories.name })
    .from(customerCategories)
    .where(and(eq(customerCategories.organizationId, organizationId), isNull(customerCategories.parentId)))
    .limit(1);
  return row;
}

/** Finds a customer that another customer may name as its parent. */
export async function findCustomerRef(db: Database, organizationId: number, ref: EntityRef) {
  const [row] = await db
    .select({ id: customers.id, reference: customers.reference, name: customers.name })
    .from(customers)
    .where(lookupCondition(customers, organizationId, lookupOfRef(ref)))
    .limit(1);
  return row;
}

/** The payment types of the organization among `ids`. */
export async function findPaymentTypes(db: Database, organizationId: number, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: paymentTypes.id, reference: paymentTypes.reference, name: paymentTypes.name })
    .from(paymentTypes)
    .where(and(eq(paymentTypes.organizationId, organizationId), inArray(paymentTypes.id, ids)))
    .orderBy(asc(paymentTypes.id));
}

/** Options for the UI's pickers: every object of a kind whose name or reference contains `search`. */
export async function searchReferenceOptions(
  db: Database,
  args: {
    organizationId: number;
    kind: "category" | "segmentation" | "paymentType" | "region";
    search?: string;
    limit: number;
  },
) {
  const table = {
    category: customerCategories,
    segmentation: customerSegmentations,
    paymentType: paymentTypes,
    region: regions,
  }[args.kind];
  const conditions: SQL[] = [eq(table.organizationId, args.organizationId)];
  const search = args.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(table.name, pattern), ilike(table.reference, pattern)) as SQL);
  }
  return db
    .select({ id: table.id, reference: table.reference, name: table.name })
    .from(table)
    .where(and(...conditions))
    .orderBy(asc(table.name), asc(table.id))
    .limit(args.limit);
}
