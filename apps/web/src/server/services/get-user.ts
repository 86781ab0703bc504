import type { UserView } from "@cr/domain";
import { type AuthenticatedUser, findUserView, type ObjectLookup } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { objectNotFound } from "./object-lookup";

/**
 * One user of the actor's organization; another organization's is answered like a missing one.
 * Never carries a credential: the repository selects none.
 */
export async function getUser(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  lookup: ObjectLookup;
}): Promise<UserView> {
  const found = await findUserView(options.deps.db, {
    organizationId: options.actor.organizationId,
    lookup: options.lookup,
  });
  if (!found) throw objectNotFound("user", options.lookup);
  return found;
}
