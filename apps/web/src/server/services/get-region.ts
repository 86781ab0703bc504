import type { RegionView } from "@cr/domain";
import { type AuthenticatedUser, findRegionView, type ObjectLookup } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { objectNotFound } from "./object-lookup";

/**
 * One region of the actor's organization; another organization's is answered like a missing one.
 * With its level and the enclosing region.
 */
export async function getRegion(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  lookup: ObjectLookup;
}): Promise<RegionView> {
  const found = await findRegionView(options.deps.db, {
    organizationId: options.actor.organizationId,
    lookup: options.lookup,
  });
  if (!found) throw objectNotFound("region", options.lookup);
  return found;
}
