/**
 * One page of an organization's customers for the legacy list
 * (`GET /api/{version}/customers`): the ids of the page and the total, with
 * the list's filters. The answers themselves are loaded by `findCustomerViews`,
 * so that an item of the list is exactly the customer of the show answer.
 */
import type { DateRange, LegacyCustomerListQuery } from "@cr/domain";
import { and, asc, desc, eq, gt, gte, like, ilike, lt, lte, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

import type { Database } from "../client";
import { customerCategories, customers } from "../schema";

/**
 * The legacy wildcard (`*`, any run of characters) as a LIKE pattern: LIKE's
 * own `%` and `_`, and its escape character, are escaped so that they match
 * themselves.
 */
export function wildcardToLikePattern(wildcard: string): string {
  return wildcard.replace(/[\\%_]/g, (char) => `\\${char}`).replace(/\*/g, "%");
}

function dateRangeConditions(column: PgColumn, range: DateRange): SQL[] {
  const conditions: SQL[] = [];
  if (range.gt) conditions.push(gt(column, range.gt));
  if (range.gte) conditions.push(gte(column, range.gte));
  if (range.lt) conditions.push(lt(column, range.lt));
  if (range.lte) conditions.push(lte(column, range.lte));
  return conditions;
}

/** The legacy list's filters as conditions on `customers` joined to its category (the export reads them too). */
export function legacyCustomerListConditions(organizationId: number, filters: LegacyCustomerListQuery["filters"]): SQL[] {
  const conditions: SQL[] = [eq(customers.organizationId, organizationId)];
  // References are identifiers: matched with their letter case, as `/customers/reference/{reference}` is.
  if (filters.reference !== undefined) conditions.push(like(customers.reference, wildcardToLikePattern(filters.reference)));
  if (filters.name !== undefined) conditions.push(ilike(customers.name, wildcardToLikePattern(filters.name)));
  if (filters.categoryReference !== undefined) {
    conditions.push(like(customerCategories.reference, wildcardToLikePattern(filters.categoryReference)));
  }
  if (filters.isActive !== undefined) conditions.push(eq(customers.isActive, filters.isActive));
  conditions.push(...dateRangeConditions(customers.dateCreated, filters.dateCreated));
  conditions.push(...dateRangeConditions(customers.lastUpdated, filters.lastUpdated));
  return conditions;
}

const sortColumns = {
  id: customers.id,
  reference: customers.reference,
  name: customers.name,
  dateCreated: customers.dateCreated,
  lastUpdated: customers.lastUpdated,
} satisfies Record<LegacyCustomerListQuery["sort"], PgColumn>;

export async function listCustomerIds(
  db: Database,
  args: { organizationId: number } & Pick<LegacyCustomerListQuery, "filters" | "sort" | "order" | "max" | "offset">,
): Promise<{ total: number; ids: number[] }> {
  const where = and(...legacyCustomerListConditions(args.organizationId, args.filters));

  const [countRow] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(customers)
    .innerJoin(customerCategories, eq(customerCategories.id, customers.categoryId))
    .where(where);

  const direction = args.order === "desc" ? desc : asc;
  const sortColumn = sortColumns[args.sort];
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .innerJoin(customerCategories, eq(customerCategories.id, customers.categoryId))
    .where(where)
    // the id breaks ties (many customers share a creation date), so that pages never repeat nor skip one
    .orderBy(...(args.sort === "id" ? [direction(customers.id)] : [direction(sortColumn), asc(customers.id)]))
    .limit(args.max)
    .offset(args.offset);
  return { total: Number(countRow?.total ?? 0), ids: rows.map((row) => row.id) };
}
