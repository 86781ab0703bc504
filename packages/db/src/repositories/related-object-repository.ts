/**
 * The objects a customer links to, read on their own for the legacy API's
 * `href`s: categories, segmentations, payment types, regions and users. Found
 * by id or by `reference`, always inside the organization, so another
 * organization's object is never found (the API answers it like a missing one).
 */
import type {
  CustomerCategoryView,
  CustomerSegmentationView,
  NamedRef,
  PaymentTypeView,
  RegionView,
  UserView,
} from "@cr/domain";
import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

import type { Database } from "../client";
import { customerCategories, customerSegmentations, paymentTypes, regions, users } from "../schema";
import { lookupCondition, type ObjectLookup } from "./object-lookup";


/** A left-joined parent comes back with null columns when there is none. */
function parentOrNull(parent: { id: number | null; reference: string | null; name: string | null } | null): NamedRef | null {
  if (parent?.id == null || parent.reference == null || parent.name == null) return null;
  return { id: parent.id, reference: parent.reference, name: parent.name };
}

const parentCategories = alias(customerCategories, "parent_categories");

export async function findCustomerCategoryView(
  db: Database,
  args: { organizationId: number; lookup: ObjectLookup },
): Promise<CustomerCategoryView | undefined> {
  const [row] = await db
    .select({
      id: customerCategories.id,
      reference: customerCategories.reference,
      name: customerCategories.name,
      parent: { id: parentCategories.id, reference: parentCategories.reference, name: parentCategories.name },
    })
    .from(customerCategories)
    .leftJoin(
      parentCategories,
      and(eq(parentCategories.id, customerCategories.parentId), eq(parentCategories.organizationId, args.organizationId)),
    )
    .where(lookupCondition(customerCategories, args.organizationId, args.lookup))
    .limit(1);
  return row && { ...row, parent: parentOrNull(row.parent) };
}

export async function findCustomerSegmentationView(
  db: Database,
  args: { organizationId: number; lookup: ObjectLookup },
): Promise<CustomerSegmentationView | undefined> {
  const [row] = await db
    .select({
      id: customerSegmentations.id,
      reference: customerSegmentations.reference,
      name: customerSegmentations.name,
    })
    .from(customerSegmentations)
    .where(lookupCondition(customerSegmentations, args.organizationId, args.lookup))
    .limit(1);
  return row;
}

export async function findPaymentTypeView(
  db: Database,
  args: { organizationId: number; lookup: ObjectLookup },
): Promise<PaymentTypeView | undefined> {
  const [row] = await db
    .select({ id: paymentTypes.id, reference: paymentTypes.reference, name: paymentTypes.name })
    .from(paymentTypes)
    .where(lookupCondition(paymentTypes, args.organizationId, args.lookup))
    .limit(1);
  return row;
}

const parentRegions = alias(regions, "parent_regions");

export async function findRegionView(
  db: Database,
  args: { organizationId: number; lookup: ObjectLookup },
): Promise<RegionView | undefined> {
  const [row] = await db
    .select({
      id: regions.id,
      reference: regions.reference,
      name: regions.name,
      level: regions.level,
      parent: { id: parentRegions.id, reference: parentRegions.reference, name: parentRegions.name },
    })
    .from(regions)
    .leftJoin(parentRegions, and(eq(parentRegions.id, regions.parentId), eq(parentRegions.organizationId, args.organizationId)))
    .where(lookupCondition(regions, args.organizationId, args.lookup))
    .limit(1);
  return row && { ...row, parent: parentOrNull(row.parent) };
}

/** Selects only what may be shown: the password hash never leaves the database. */
export async function findUserView(
  db: Database,
  args: { organizationId: number; lookup: ObjectLookup },
): Promise<UserView | undefined> {
  const [row] = await db
    .select({ id: users.id, reference: users.reference, email: users.email, name: users.name })
    .from(users)
    .where(lookupCondition(users, args.organizationId, args.lookup))
    .limit(1);
  return row;
}
