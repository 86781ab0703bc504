import { type AuthenticatedUser, searchCustomers } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";

/** Search, filters, sort and paging of the UI's customer list. */
export type ListCustomersQuery = Omit<Parameters<typeof searchCustomers>[1], "organizationId">;

/** The UI's customer list, inside the actor's organization. */
export async function listCustomers(options: { deps: ServerDeps; actor: AuthenticatedUser; query: ListCustomersQuery }) {
  return searchCustomers(options.deps.db, { organizationId: options.actor.organizationId, ...options.query });
}
