/**
 * The CSV export's rows: every customer of the actor's organization that the
 * query matches, as `toCustomerCsvRow` writes it, read a page at a time so
 * that the export holds one page however many customers there are.
 */
import { type CustomerExportQuery, toCustomerCsvRow } from "@cr/domain";
import { type AuthenticatedUser, type CustomerExportPosition, readCustomerExportPage } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";

/** Customers read per statement. */
export const customerExportPageSize = 1000;

export async function* exportCustomers(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  query: Omit<CustomerExportQuery, "bom">;
  pageSize?: number;
}): AsyncGenerator<string[]> {
  const { deps, actor, query } = options;
  let after: CustomerExportPosition | undefined;
  for (;;) {
    const page = await readCustomerExportPage(deps.db, {
      organizationId: actor.organizationId,
      filters: query.filters,
      sort: query.sort,
      order: query.order,
      limit: options.pageSize ?? customerExportPageSize,
      after,
    });
    for (const customer of page.customers) yield toCustomerCsvRow(customer);
    if (!page.next) return;
    after = page.next;
  }
}
