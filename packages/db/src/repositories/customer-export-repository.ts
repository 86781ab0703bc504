/**
 * The customers of a CSV export, a page at a time: every customer matching
 * the legacy list's filters and the UI list's, in the order asked, read by
 * keyset (from the last row of the page before), so that each page costs
 * what the first does and the export never holds more than a page.
 *
 * Pages are separate statements, not one snapshot: a customer whose sort
 * value changes during the export may be read twice or not at all. The
 * default sort, by id, never moves a customer.
 */
import type { CustomerExportFilters, CustomerExportSortKey, CustomerRecord } from "@cr/domain";
import { and, eq, ilike, or, type SQL, sql } from "drizzle-orm";

import type { Database } from "../client";
import { customerCategories, customerPaymentTypes, customers } from "../schema";
import { legacyCustomerListConditions } from "./customer-list-repository";
import { toCustomerRecord } from "./customer-repository";

/** Where the next page starts: the last row's sort value (null for a missing credit limit) and id. */
export interface CustomerExportPosition {
  sortValue: string | number | Date | null;
  id: number;
}

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
 * The rows after `after` in the order: the sort column, then the id, both
 * in `order`; a missing credit limit comes last in both orders, as in the UI list.
 */
function afterPosition(sort: CustomerExportSortKey, order: "asc" | "desc", after: CustomerExportPosition): SQL {
  const column = sortColumns[sort];
  const comparison = sql.raw(order === "asc" ? ">" : "<");
  const id = sql`${after.id}::int`;
  if (sort !== "creditLimit") return sql`(${column}, ${customers.id}) ${comparison} (${sql.param(after.sortValue, column)}, ${id})`;
  if (after.sortValue === null) return sql`${column} is null and ${customers.id} ${comparison} ${id}`;
  return sql`(${column} is not null and (${column}, ${customers.id}) ${comparison} (${sql.param(after.sortValue, column)}, ${id})) or ${column} is null`;
}

export async function readCustomerExportPage(
  db: Database,
  args: {
    organizationId: number;
    filters: CustomerExportFilters;
    sort: CustomerExportSortKey;
    order: "asc" | "desc";
    limit: number;
    after?: CustomerExportPosition;
  },
): Promise<{ customers: CustomerRecord[]; next: CustomerExportPosition | null }> {
  const { sort, order } = args;
  const conditions = filterConditions(args.organizationId, args.filters);
  if (args.after) conditions.push(afterPosition(sort, order, args.after));
  const direction = sql.raw(order);
  const nulls = sort === "creditLimit" ? sql.raw(" nulls last") : sql``;
  const rows = await db
    .select({ customer: customers, paymentTypeIds })
    .from(customers)
    .innerJoin(customerCategories, eq(customerCategories.id, customers.categoryId))
    .where(and(...conditions))
    .orderBy(sql`${sortColumns[sort]} ${direction}${nulls}`, sql`${customers.id} ${direction}`)
    .limit(args.limit);
  const last = rows.at(-1)?.customer;
  return {
    customers: rows.map((row) => toCustomerRecord(row.customer, row.paymentTypeIds)),
    next: rows.length === args.limit && last ? { sortValue: last[sort], id: last.id } : null,
  };
}
