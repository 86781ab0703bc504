import type { CustomerView } from "@cr/domain";
import { type AuthenticatedUser, type CustomerLookup, findCustomerView } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { customerNotFound } from "./customer-lookup";

/** One customer of the actor's organization; another organization's is answered like a missing one. */
export async function getCustomer(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  lookup: CustomerLookup;
}): Promise<CustomerView> {
  const view = await findCustomerView(options.deps.db, {
    organizationId: options.actor.organizationId,
    lookup: options.lookup,
  });
  if (!view) throw customerNotFound(options.lookup);
  return view;
}
