import { assertCan, type WebhookDeliveryQuery } from "@cr/domain";
import { type AuthenticatedUser, listWebhookDeliveries as listDeliveryRows, type WebhookDelivery } from "@cr/db/repositories";

import type { ServerDeps } from "../../deps";
import { requireWebhookEndpoint } from "./find-webhook-endpoint";

/** A page of the endpoint's attempts, newest first, and the id to read older ones `before` (undefined on the last page). */
export async function listWebhookDeliveries(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  endpointId: number;
  query: WebhookDeliveryQuery;
}): Promise<{ deliveries: WebhookDelivery[]; nextBefore: number | undefined }> {
  const { deps, actor, endpointId, query } = options;
  assertCan(actor, "organization.manage");
  await requireWebhookEndpoint(deps.db, actor, endpointId);
  // one more than asked tells whether an older page exists
  const rows = await listDeliveryRows(deps.db, { endpointId, max: query.max + 1, before: query.before });
  const deliveries = rows.slice(0, query.max);
  return { deliveries, nextBefore: rows.length > query.max ? deliveries.at(-1)!.id : undefined };
}
