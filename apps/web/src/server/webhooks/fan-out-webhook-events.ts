/**
 * Turns new events into deliveries, in the worker rather than in the
 * customer's update: the update writes its event and nothing else, whether
 * the organization has no endpoint or ten.
 *
 * Each endpoint reads the change feed from its own position, with the feed's
 * reader (`readCustomerEvents`: only events of transactions older than every
 * running one, in commit order), so it never skips an event committed late.
 * Its deliveries are inserted and its position moved in one transaction,
 * with the endpoint's row locked (SKIP LOCKED: two workers never feed one
 * endpoint at once): either both happen or neither, and no event is given
 * two deliveries.
 */
import { customerEventJson } from "@cr/domain";
import type { Database } from "@cr/db/client";
import { claimWebhookEndpointsToFeed, insertWebhookDeliveries, moveWebhookEndpointPosition, readCustomerEvents } from "@cr/db/repositories";

/** Endpoints fed per transaction, and events read per endpoint: the rest waits for the next round, at once. */
const MAX_ENDPOINTS = 100;
const MAX_EVENTS = 500;

/** Feeds the endpoints with new events; true when some endpoint had any (there may be more). */
export async function fanOutWebhookEvents(db: Database, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const endpoints = await claimWebhookEndpointsToFeed(tx, { max: MAX_ENDPOINTS });
    for (const endpoint of endpoints) {
      const events = await readCustomerEvents(tx, { organizationId: endpoint.organizationId, after: endpoint.position, max: MAX_EVENTS });
      const last = events.at(-1);
      if (!last) continue;
      await insertWebhookDeliveries(
        tx,
        events
          .filter((event) => endpoint.eventTypes.includes(event.type))
          .map((event) => {
            const json = customerEventJson(event);
            return {
              organizationId: endpoint.organizationId,
              endpointId: endpoint.id,
              eventId: json.id,
              eventType: event.type,
              // the feed's event, byte for byte: the feed serves JSON.stringify of the same object
              payload: JSON.stringify(json),
              attempt: 1,
              status: "pending" as const,
              nextAttemptAt: now,
              createdAt: now,
            };
          }),
      );
      // past every event read, subscribed or not
      await moveWebhookEndpointPosition(tx, { endpointId: endpoint.id, position: last.position });
    }
    return endpoints.length > 0;
  });
}
