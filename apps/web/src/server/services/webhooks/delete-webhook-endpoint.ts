import { assertCan, errors } from "@cr/domain";
import { type AuthenticatedUser, deleteWebhookEndpoint as deleteEndpointRow, recordAuditEvent } from "@cr/db/repositories";

import type { ServerDeps } from "../../deps";

/** Removes the endpoint and its deliveries: nothing more is sent to it, not even an attempt already scheduled. */
export async function deleteWebhookEndpoint(options: { deps: ServerDeps; actor: AuthenticatedUser; endpointId: number }): Promise<void> {
  const { deps, actor, endpointId } = options;
  assertCan(actor, "organization.manage");
  await deps.db.transaction(async (tx) => {
    const deleted = await deleteEndpointRow(tx, { organizationId: actor.organizationId, endpointId });
    if (!deleted) throw errors.notFound("webhook", endpointId);
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.id,
      action: "webhook.deleted",
      target: `webhook:${endpointId}`,
      details: { url: deleted.url },
      now: deps.now(),
    });
  });
}
