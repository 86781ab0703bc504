import { assertCan } from "@cr/domain";
import { type AuthenticatedUser, listWebhookEndpoints as listEndpointRows, type WebhookEndpoint } from "@cr/db/repositories";

import type { ServerDeps } from "../../deps";

/** The organization's webhook endpoints, oldest first, without their secrets. */
export async function listWebhookEndpoints(options: { deps: ServerDeps; actor: AuthenticatedUser }): Promise<WebhookEndpoint[]> {
  assertCan(options.actor, "organization.manage");
  return listEndpointRows(options.deps.db, options.actor.organizationId);
}
