import type { CustomerSegmentationView } from "@cr/domain";
import { type AuthenticatedUser, findCustomerSegmentationView, type ObjectLookup } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { objectNotFound } from "./object-lookup";

/** One customer segmentation of the actor's organization; another organization's is answered like a missing one. */
export async function getCustomerSegmentation(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  lookup: ObjectLookup;
}): Promise<CustomerSegmentationView> {
  const found = await findCustomerSegmentationView(options.deps.db, {
    organizationId: options.actor.organizationId,
    lookup: options.lookup,
  });
  if (!found) throw objectNotFound("customerSegmentation", options.lookup);
  return found;
}
