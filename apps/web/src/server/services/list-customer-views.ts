import type { CustomerView, LegacyCustomerListQuery } from "@cr/domain";
import { type AuthenticatedUser, findCustomerViews, listCustomerIds } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";

/**
 * One page of the actor's organization's customers, each loaded exactly as
 * the show answer loads it (in one batch), with the total of the filters.
 *
 * Read in one repeatable-read transaction: the total, the page's ids and the
 * customers come from the same snapshot, so a concurrent write can never make
 * the page and its total disagree.
 */
export async function listCustomerViews(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  query: LegacyCustomerListQuery;
}): Promise<{ total: number; customers: CustomerView[] }> {
  const organizationId = options.actor.organizationId;
  return options.deps.db.transaction(
    async (tx) => {
      const { total, ids } = await listCustomerIds(tx, { organizationId, ...options.query });
      const customers = await findCustomerViews(tx, { organizationId, ids });
      return { total, customers };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
