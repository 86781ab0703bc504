import type { CustomerChange } from "@cr/domain";
import {
  type AuthenticatedUser,
  countCustomerHistory,
  type CustomerLookup,
  findCustomerRecord,
  listCustomerHistory,
} from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { customerNotFound } from "./customer-lookup";

/**
 * One page of a customer's change history, newest first, with the total; a
 * customer of another organization is answered like a missing one.
 *
 * Read in one repeatable-read transaction, as the customer list is: an update
 * committed meanwhile can never make the page and its total disagree.
 */
export async function getCustomerHistoryPage(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  lookup: CustomerLookup;
  max: number;
  offset: number;
}): Promise<{ total: number; changes: CustomerChange[] }> {
  const organizationId = options.actor.organizationId;
  return options.deps.db.transaction(
    async (tx) => {
      const customer = await findCustomerRecord(tx, { organizationId, lookup: options.lookup });
      if (!customer) throw customerNotFound(options.lookup);
      const total = await countCustomerHistory(tx, { organizationId, customerId: customer.id });
      const changes = await listCustomerHistory(tx, {
        organizationId,
        customerId: customer.id,
        limit: options.max,
        offset: options.offset,
      });
      return { total, changes };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
