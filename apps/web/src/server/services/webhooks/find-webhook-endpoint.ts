import { assertCan, errors } from "@cr/domain";
import { type AuthenticatedUser, findWebhookEndpoint, type WebhookEndpoint } from "@cr/db/repositories";

import type { ServerDeps } from "../../deps";

/** The actor's organization's endpoint (locked when `lock`); another organization's is not found, as a missing one. */
export async function requireWebhookEndpoint(db: ServerDeps["db"], actor: AuthenticatedUser, endpointId: number, lock = false) {
  const endpoint = await findWebhookEndpoint(db, { organizationId: actor.organizationId, endpointId, lock });
  if (!endpoint) throw errors.notFound("webhook", endpointId);
  return endpoint;
}

/** One endpoint of the actor's organization, without its secret. */
export async function getWebhookEndpoint(options: { deps: ServerDeps; actor: AuthenticatedUser; endpointId: number }): Promise<WebhookEndpoint> {
  assertCan(options.actor, "organization.manage");
  const { secret: _secret, ...endpoint } = await requireWebhookEndpoint(options.deps.db, options.actor, options.endpointId);
  return endpoint;
}
