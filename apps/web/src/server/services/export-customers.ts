/**
 * The CSV export's rows: every customer of the actor's organization that the
 * query matches when the export starts, in its order, as `toCustomerCsvRow`
 * writes it. The matching ids are read first, then the customers a page at a
 * time, so that the export holds one page of them however many there are
 * (customer-export-repository.ts says why the ids are fixed at the start).
 */
import { type CustomerExportQuery, toCustomerCsvRow } from "@cr/domain";
import { type AuthenticatedUser, findCustomerExportIds, readCustomersForExport } from "@cr/db/repositories";

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
  const pageSize = options.pageSize ?? customerExportPageSize;
  const organizationId = actor.organizationId;
  const ids = await findCustomerExportIds(deps.db, { organizationId, filters: query.filters, sort: query.sort, order: query.order });
  for (let start = 0; start < ids.length; start += pageSize) {
    const page = await readCustomersForExport(deps.db, { organizationId, ids: ids.slice(start, start + pageSize) });
    for (const customer of page) yield toCustomerCsvRow(customer);
  }
}
