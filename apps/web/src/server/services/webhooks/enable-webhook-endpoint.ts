import { assertCan } from "@cr/domain";
import { type AuthenticatedUser, enableWebhookEndpoint as enableEndpointRow, recordAuditEvent } from "@cr/db/repositories";

import type { ServerDeps } from "../../deps";
import { requireWebhookEndpoint } from "./find-webhook-endpoint";

/**
 * Sends to the endpoint again, whyever it was disabled (by an admin, a 410,
 * 5 days of failures): first the events it missed meanwhile (its feed
 * position stayed where it stopped) and the attempts that were waiting, then
 * the new ones. Its failing time starts over. Already enabled: nothing changes.
 */
export async function enableWebhookEndpoint(options: { deps: ServerDeps; actor: AuthenticatedUser; endpointId: number }) {
  const { deps, actor, endpointId } = options;
  assertCan(actor, "organization.manage");
  return deps.db.transaction(async (tx) => {
    const endpoint = await requireWebhookEndpoint(tx, actor, endpointId, true);
    if (endpoint.enabled) return endpoint;
    await enableEndpointRow(tx, endpointId);
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.id,
      action: "webhook.updated",
      target: `webhook:${endpointId}`,
      details: { enabled: true, wasDisabledFor: endpoint.disabledReason },
      now: deps.now(),
    });
    return requireWebhookEndpoint(tx, actor, endpointId);
  });
}
