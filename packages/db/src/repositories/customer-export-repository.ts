/**
 * The customers of a CSV export: every customer matching the legacy list's
 * filters and the UI list's, in the order asked.
 *
 * Which customers, and in which order, is read once, when the export starts
 * (their ids, in one statement); the customers themselves are then read a
 * page at a time, so that the export never holds more than a page of them.
 * Pages read from the last row's sort value instead would export twice, or
 * never, a customer whose sort value changes during the export (an update
 * moves it in the `lastUpdated` order). Fixed at the start, each customer
 * is exported once, with its values when its page is read; one deleted
 * since is left out.
 */
import type { CustomerExportFilters, CustomerExportSortKey, CustomerRecord } from "@cr/domain";
import { and, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";

import type { Database } from "../client";
import { customerCategories, customerPaymentTypes, customers } from "../schema";
import { legacyCustomerListConditions } from "./customer-list-repository";
import { toCustomerRecord } from "./customer-repository";

const sortColumns = {
  id: customers.id,
  reference: customers.reference,
  name: customers.name,
  dateCreated: customers.dateCreated,
  lastUpdated: customers.lastUpdated,
  creditLimit: customers.creditLimit,
} as const;

const paymentTypeIds = sql<number[]>`coalesce((
    select json_agg(cpt.payment_type_id order by cpt.payment_type_id)
    from ${customerPaymentTypes} cpt where cpt.customer_id = ${customers.id}
  ), '[]'::json)`.mapWith((value) => (typeof value === "string" ? JSON.parse(value) : value) as number[]);

function filterConditions(organizationId: number, filters: CustomerExportFilters): SQL[] {
  const conditions = legacyCustomerListConditions(organizationId, filters);
  const search = filters.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(customers.name, pattern), ilike(customers.reference, pattern)) as SQL);
  }
  if (filters.onHold !== undefined) conditions.push(eq(customers.onHold, filters.onHold));
  if (filters.categoryId !== undefined) conditions.push(eq(customers.categoryId, filters.categoryId));
  return conditions;
}

/**
 * The ids of the customers an export writes, in its order: the sort column,
 * then the id, both in `order`; a missing credit limit comes last in both
 * orders, as in the UI list. One row holding one array, not a row per
 * customer: a million ids are a few megabytes.
 */
export async function findCustomerExportIds(
  db: Database,
  args: { organizationId: number; filters: CustomerExportFilters; sort: CustomerExportSortKey; order: "asc" | "desc" },
): Promise<number[]> {
  const direction = sql.raw(args.order);
  const nulls = args.sort === "creditLimit" ? sql.raw(" nulls last") : sql``;
  const [row] = await db
    .select({
      ids: sql<number[]>`coalesce(array_agg(${customers.id} order by ${sortColumns[args.sort]} ${direction}${nulls}, ${customers.id} ${direction}), '{}')`,
    })
    .from(customers)
    .innerJoin(customerCategories, eq(customerCategories.id, customers.categoryId))
    .where(and(...filterConditions(args.organizationId, args.filters)));
  return row!.ids;
}

/** The organization's customers of `ids`, in the order of `ids`; an id no longer found is left out. */
export async function readCustomersForExport(
  db: Database,
  args: { organizationId: number; ids: readonly number[] },
): Promise<CustomerRecord[]> {
  if (args.ids.length === 0) return [];
  const rows = await db
    .select({ customer: customers, paymentTypeIds })
    .from(customers)
    .where(and(eq(customers.organizationId, args.organizationId), inArray(customers.id, [...args.ids])));
  const byId = new Map(rows.map((row) => [row.customer.id, toCustomerRecord(row.customer, row.paymentTypeIds)]));
  return args.ids.flatMap((id) => byId.get(id) ?? []);
}
