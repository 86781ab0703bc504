import {
  type AuthenticatedUser,
  findCustomerCategoryView,
  findCustomerSegmentationView,
  findPaymentTypeView,
  findRegionView,
  findUserView,
  type ObjectLookup,
} from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { objectNotFound, type RelatedObjectKind } from "./object-lookup";

/** Users carry no credential here: their finder selects none. */
const findersByKind = {
  customerCategory: findCustomerCategoryView,
  customerSegmentation: findCustomerSegmentationView,
  paymentType: findPaymentTypeView,
  region: findRegionView,
  user: findUserView,
} as const satisfies Record<RelatedObjectKind, unknown>;

export type RelatedObjectView<Kind extends RelatedObjectKind> = NonNullable<
  Awaited<ReturnType<(typeof findersByKind)[Kind]>>
>;

/**
 * One of the objects a customer links to (category, segmentation, payment
 * type, region, user), in the actor's organization; another organization's
 * is answered like a missing one.
 */
export async function getRelatedObject<Kind extends RelatedObjectKind>(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  kind: Kind;
  lookup: ObjectLookup;
}): Promise<RelatedObjectView<Kind>> {
  const find = findersByKind[options.kind] as (
    db: ServerDeps["db"],
    args: { organizationId: number; lookup: ObjectLookup },
  ) => Promise<RelatedObjectView<Kind> | undefined>;
  const found = await find(options.deps.db, { organizationId: options.actor.organizationId, lookup: options.lookup });
  if (!found) throw objectNotFound(options.kind, options.lookup);
  return found;
}
