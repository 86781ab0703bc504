import { assertCan, customerEventJson, type EventFeedQuery, type EventFeedPosition } from "@cr/domain";
import { type AuthenticatedUser, readCustomerEvents } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";

/** Before every event: where a reader that has read nothing stands. */
const FEED_START: EventFeedPosition = { transactionId: "0", id: 0 };

/**
 * A page of the organization's change feed (event-repository.ts tells how it
 * never skips an event), and where to read on: after its last event, or where
 * the reader stood when nothing new is there.
 */
export async function listCustomerEvents(options: { deps: ServerDeps; actor: AuthenticatedUser; query: EventFeedQuery }) {
  const { deps, actor, query } = options;
  assertCan(actor, "customers.read");
  const events = await readCustomerEvents(deps.db, { organizationId: actor.organizationId, after: query.after, max: query.max });
  return {
    events: events.map(customerEventJson),
    position: events.at(-1)?.position ?? query.after ?? FEED_START,
  };
}
