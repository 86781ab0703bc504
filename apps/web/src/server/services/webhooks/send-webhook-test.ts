/**
 * A test event, sent at once to the endpoint, enabled or not, while the admin
 * waits (at most the 15 s of a delivery): `{"id": "evt_test_...", "type":
 * "webhook.test", "createdAt": ..., "data": {"endpointId": 12, "message":
 * ...}}`, signed like any delivery. It is sent once, never retried, and
 * tells nothing about the endpoint's health; it is listed with the
 * endpoint's deliveries, and can be sent again by hand.
 *
 * The attempt is inserted already claimed (`sending`, with a lease), then
 * sent and recorded as the worker does (attempt-webhook-delivery.ts): a
 * crash while it is sent leaves it to the worker after the lease.
 */
import { randomBytes, randomUUID } from "node:crypto";

import { assertCan, webhookTestEventJson, webhookTestEventType } from "@cr/domain";
import { type AuthenticatedUser, findWebhookDelivery, insertWebhookDeliveries, type WebhookDelivery } from "@cr/db/repositories";

import type { ServerDeps } from "../../deps";
import { attemptWebhookDelivery } from "../../webhooks/attempt-webhook-delivery";
import { resolveWithSystem } from "../../webhooks/outbound-address";
import { createWebhookAgents } from "../../webhooks/send-webhook";
import { WEBHOOK_LEASE_MS } from "../../webhooks/webhook-worker";
import { webhookSettingsOf } from "../../webhooks/webhook-settings";
import { requireWebhookEndpoint } from "./find-webhook-endpoint";

export async function sendWebhookTest(options: { deps: ServerDeps; actor: AuthenticatedUser; endpointId: number }): Promise<WebhookDelivery> {
  const { deps, actor, endpointId } = options;
  assertCan(actor, "organization.manage");
  const endpoint = await requireWebhookEndpoint(deps.db, actor, endpointId);
  const now = deps.now();
  const eventId = `evt_test_${randomBytes(12).toString("hex")}`;
  const payload = JSON.stringify(webhookTestEventJson({ id: eventId, createdAt: now, endpointId }));
  const leaseId = randomUUID();
  const [id] = await insertWebhookDeliveries(deps.db, [
    {
      organizationId: actor.organizationId,
      endpointId,
      eventId,
      eventType: webhookTestEventType,
      payload,
      attempt: 1,
      status: "sending",
      leaseId,
      nextAttemptAt: new Date(now.getTime() + WEBHOOK_LEASE_MS),
      createdAt: now,
    },
  ]);
  const agents = createWebhookAgents({ keepAlive: false });
  try {
    await attemptWebhookDelivery(
      { id: id!, organizationId: actor.organizationId, endpointId, eventId, eventType: webhookTestEventType, payload, attempt: 1, leaseId, url: endpoint.url, secret: endpoint.secret },
      { db: deps.db, now: deps.now, ...webhookSettingsOf(deps.config), resolve: resolveWithSystem, agents },
    );
  } finally {
    agents.http.destroy();
    agents.https.destroy();
  }
  return (await findWebhookDelivery(deps.db, { endpointId, deliveryId: id! }))!;
}
