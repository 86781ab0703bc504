/**
 * An admin sends a failed delivery again. The attempt named must have failed
 * (`failed` or `abandoned`), and its event must not have been delivered
 * since. If the event's next attempt is waiting for its time, it is made due
 * now; if none is left (the delivery failed for good), a new attempt is
 * added, due now, and the worker sends it within a second or so (once the
 * endpoint is enabled). A manual attempt that fails is not retried by the
 * schedule: it is spent, and can be sent again by hand.
 */
import { assertCan, errors } from "@cr/domain";
import {
  type AuthenticatedUser,
  bringWebhookDeliveryForward,
  insertWebhookDeliveries,
  lockWebhookDeliveryAttempts,
  recordAuditEvent,
  type WebhookDelivery,
} from "@cr/db/repositories";

import type { ServerDeps } from "../../deps";
import { requireWebhookEndpoint } from "./find-webhook-endpoint";

export async function retryWebhookDelivery(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  endpointId: number;
  deliveryId: number;
}): Promise<WebhookDelivery> {
  const { deps, actor, endpointId, deliveryId } = options;
  assertCan(actor, "organization.manage");
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    await requireWebhookEndpoint(tx, actor, endpointId);
    const found = await lockWebhookDeliveryAttempts(tx, { endpointId, deliveryId });
    if (!found) throw errors.notFound("webhook delivery", deliveryId);
    const { delivery, attempts } = found;
    const refuse = (text: string) => errors.invalidParam("deliveryId", text);
    if (delivery.status !== "failed" && delivery.status !== "abandoned") {
      throw refuse(`Only a failed delivery can be sent again; this one is ${delivery.status}.`);
    }
    if (attempts.some((attempt) => attempt.status === "succeeded")) throw refuse("The event was delivered since: there is nothing to send again.");
    if (attempts.some((attempt) => attempt.status === "sending")) throw refuse("The event is being sent at this moment.");

    let retry: WebhookDelivery;
    const waiting = attempts.find((attempt) => attempt.status === "pending");
    if (waiting) {
      await bringWebhookDeliveryForward(tx, { ids: [waiting.id], now });
      retry = { ...waiting, nextAttemptAt: now };
    } else {
      const attempt = Math.max(...attempts.map((row) => row.attempt)) + 1;
      const [id] = await insertWebhookDeliveries(tx, [
        {
          organizationId: actor.organizationId,
          endpointId,
          eventId: delivery.eventId,
          eventType: delivery.eventType,
          payload: delivery.payload,
          attempt,
          status: "pending",
          nextAttemptAt: now,
          createdAt: now,
        },
      ]);
      // another admin's retry of the same event committed first
      if (id === undefined) throw refuse("The event is already scheduled to be sent again.");
      retry = {
        id,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        attempt,
        status: "pending",
        createdAt: now,
        attemptedAt: null,
        nextAttemptAt: now,
        responseStatus: null,
        error: null,
        durationMs: null,
      };
    }
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.id,
      action: "webhook.updated",
      target: `webhook:${endpointId}`,
      details: { deliveryRetried: { eventId: delivery.eventId, attempt: retry.attempt } },
      now,
    });
    return retry;
  });
}
