import type { PaymentTypeView } from "@cr/domain";
import { type AuthenticatedUser, findPaymentTypeView, type ObjectLookup } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { objectNotFound } from "./object-lookup";

/** One payment type of the actor's organization; another organization's is answered like a missing one. */
export async function getPaymentType(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  lookup: ObjectLookup;
}): Promise<PaymentTypeView> {
  const found = await findPaymentTypeView(options.deps.db, {
    organizationId: options.actor.organizationId,
    lookup: options.lookup,
  });
  if (!found) throw objectNotFound("paymentType", options.lookup);
  return found;
}
