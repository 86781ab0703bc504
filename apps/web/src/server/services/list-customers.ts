import { type AuthenticatedUser, type CustomerSortKey, searchCustomers } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";

export interface ListCustomersQuery {
  search?: string;
  isActive?: boolean;
  onHold?: boolean;
  categoryId?: number;
  sort?: CustomerSortKey;
  order?: "asc" | "desc";
  limit: number;
  offset: number;
}

/** The UI's customer list, inside the actor's organization. */
export async function listCustomers(options: { deps: ServerDeps; actor: AuthenticatedUser; query: ListCustomersQuery }) {
  return searchCustomers(options.deps.db, { organizationId: options.actor.organizationId, ...options.query });
}
