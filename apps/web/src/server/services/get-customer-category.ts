import type { CustomerCategoryView } from "@cr/domain";
import { type AuthenticatedUser, findCustomerCategoryView, type ObjectLookup } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { objectNotFound } from "./object-lookup";

/**
 * One customer category of the actor's organization; another organization's is answered like a missing one.
 * With its parent, so that a client can walk up the tree.
 */
export async function getCustomerCategory(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  lookup: ObjectLookup;
}): Promise<CustomerCategoryView> {
  const found = await findCustomerCategoryView(options.deps.db, {
    organizationId: options.actor.organizationId,
    lookup: options.lookup,
  });
  if (!found) throw objectNotFound("customerCategory", options.lookup);
  return found;
}
