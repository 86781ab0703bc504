import { assertCan } from "@cr/domain";
import { type AuthenticatedUser, disableWebhookEndpoint as disableEndpointRow, recordAuditEvent } from "@cr/db/repositories";

import type { ServerDeps } from "../../deps";
import { requireWebhookEndpoint } from "./find-webhook-endpoint";

/**
 * Stops sending to the endpoint. Its feed position stays, and so do its
 * waiting attempts: enabled again, it is sent everything it missed. (An
 * attempt being sent at this moment still ends.) Already disabled: nothing
 * changes.
 */
export async function disableWebhookEndpoint(options: { deps: ServerDeps; actor: AuthenticatedUser; endpointId: number }) {
  const { deps, actor, endpointId } = options;
  assertCan(actor, "organization.manage");
  return deps.db.transaction(async (tx) => {
    const endpoint = await requireWebhookEndpoint(tx, actor, endpointId, true);
    if (!endpoint.enabled) return endpoint;
    const now = deps.now();
    await disableEndpointRow(tx, { endpointId, reason: "manual", now });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.id,
      action: "webhook.updated",
      target: `webhook:${endpointId}`,
      details: { enabled: false, reason: "manual" },
      now,
    });
    return requireWebhookEndpoint(tx, actor, endpointId);
  });
}
