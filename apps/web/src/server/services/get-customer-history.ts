import { type AuthenticatedUser, type CustomerLookup, findCustomerRecord, listCustomerHistory } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { customerNotFound } from "./customer-lookup";

/** Who changed what on a customer, newest first. */
export async function getCustomerHistory(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  lookup: CustomerLookup;
  limit: number;
}) {
  const organizationId = options.actor.organizationId;
  const customer = await findCustomerRecord(options.deps.db, { organizationId, lookup: options.lookup });
  if (!customer) throw customerNotFound(options.lookup);
  return listCustomerHistory(options.deps.db, { organizationId, customerId: customer.id, limit: options.limit });
}
