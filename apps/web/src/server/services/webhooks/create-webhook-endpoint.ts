/**
 * A new webhook endpoint, enabled at once: it is sent every event committed
 * from now on. Its secret is made here and answered once; the admin gives it
 * to the receiver, which verifies each delivery's signature with it.
 *
 * The URL must be `https://` and may not name a private, loopback or
 * link-local address (unless WEBHOOK_ALLOW_PRIVATE): refused here for an
 * address written in the URL, and checked again at every delivery, where
 * its name is resolved (server/webhooks/outbound-address.ts).
 */
import { randomBytes } from "node:crypto";

import { assertCan, assertWebhookUrlScheme, errors, type NewWebhookEndpoint } from "@cr/domain";
import { type AuthenticatedUser, insertWebhookEndpoint, listWebhookEndpoints, recordAuditEvent } from "@cr/db/repositories";

import type { ServerDeps } from "../../deps";
import { hostOfUrl, refusedAddressKind } from "../../webhooks/outbound-address";
import { webhookSettingsOf } from "../../webhooks/webhook-settings";

/** Endpoints an organization may have: each one is a copy of every change sent out. */
export const WEBHOOK_ENDPOINTS_PER_ORGANIZATION = 20;

export async function createWebhookEndpoint(options: { deps: ServerDeps; actor: AuthenticatedUser; endpoint: NewWebhookEndpoint }) {
  const { deps, actor, endpoint } = options;
  assertCan(actor, "organization.manage");
  const { allowPrivate } = webhookSettingsOf(deps.config);
  assertWebhookUrlScheme(endpoint.url, { allowPrivate });
  if (!allowPrivate) assertPublicHost(new URL(endpoint.url));
  if ((await listWebhookEndpoints(deps.db, actor.organizationId)).length >= WEBHOOK_ENDPOINTS_PER_ORGANIZATION) {
    throw errors.invalidParam("url", `An organization has at most ${WEBHOOK_ENDPOINTS_PER_ORGANIZATION} webhook endpoints: delete one first.`);
  }
  // 32 random bytes, as Standard Webhooks' `whsec_` secrets carry them (base64)
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const created = await insertWebhookEndpoint(tx, {
      organizationId: actor.organizationId,
      url: endpoint.url,
      description: endpoint.description,
      eventTypes: endpoint.events,
      secret,
      now,
    });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.id,
      action: "webhook.created",
      target: `webhook:${created.id}`,
      details: { url: endpoint.url, events: endpoint.events, description: endpoint.description },
      now,
    });
    return { ...created, secret };
  });
}

/** An address written in the URL, or `localhost`, that no delivery could ever reach: refused now rather than at each attempt. */
function assertPublicHost(url: URL): void {
  const host = hostOfUrl(url).toLowerCase();
  const kind = host === "localhost" || host.endsWith(".localhost") ? "loopback" : refusedAddressKind(host);
  if (kind && kind !== "not an IP address") {
    throw errors.invalidParam("url", `url may not point at a ${kind} address: webhooks go to public addresses only.`);
  }
}
