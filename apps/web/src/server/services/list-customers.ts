import {
  type AuthenticatedUser,
  type CustomerListItem,
  customerListPosition,
  type CustomerSortKey,
  type CustomerSortOrder,
  searchCustomers,
} from "@cr/db/repositories";
import { errors } from "@cr/domain";

import type { ServerDeps } from "../deps";
import { decodeCustomerListCursor, encodeCustomerListCursor } from "./customer-list-cursor";

/** Search, filters, sort and paging of the UI's customer list. */
export interface ListCustomersQuery {
  search?: string;
  isActive?: boolean;
  onHold?: boolean;
  categoryId?: number;
  sort?: CustomerSortKey;
  order?: CustomerSortOrder;
  limit: number;
  /** Rows to skip, from the first: each page deeper reads a page more. */
  offset?: number;
  /** A `nextCursor` or `previousCursor` of an answer with the same sort: the page after (before) it, at the cost of the first. */
  cursor?: string;
}

export interface CustomerListPage {
  /** Matching customers, counted up to 1,000: past that, `total` is 1,000 and `totalIsExact` false. */
  total: number;
  totalIsExact: boolean;
  items: CustomerListItem[];
  /** The page after this one, or null at the end of the list. */
  nextCursor: string | null;
  /** The page before this one, or null at its start. */
  previousCursor: string | null;
}

/** The UI's customer list, inside the actor's organization. */
export async function listCustomers(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  query: ListCustomersQuery;
}): Promise<CustomerListPage> {
  const { cursor, ...query } = options.query;
  const sort = query.sort ?? "name";
  const order = query.order ?? "asc";
  if (cursor !== undefined && query.offset) throw errors.invalidParam("offset", "offset cannot be given with a cursor.");
  const start = cursor === undefined ? undefined : decodeCustomerListCursor(cursor, { sort, order });
  const page = await searchCustomers(options.deps.db, {
    ...query,
    ...(start && { [start.side]: start.position }),
    organizationId: options.actor.organizationId,
  });
  const first = page.items[0];
  const last = page.items.at(-1);
  return {
    total: page.total,
    totalIsExact: page.totalIsExact,
    items: page.items,
    nextCursor:
      page.hasNext && last
        ? encodeCustomerListCursor({ sort, order, side: "after", position: customerListPosition(last, sort) })
        : null,
    previousCursor:
      page.hasPrevious && first
        ? encodeCustomerListCursor({ sort, order, side: "before", position: customerListPosition(first, sort) })
        : null,
  };
}
