import { assertCan } from "@cr/domain";
import { type AuthenticatedUser, listAuditEvents } from "@cr/db/repositories";

import type { ServerDeps } from "../../deps";

/** What the organization's admins did, newest first; `before`: the last id of the previous page. */
export async function listAuditLog(options: { deps: ServerDeps; actor: AuthenticatedUser; limit: number; before?: number }) {
  assertCan(options.actor, "organization.manage");
  return listAuditEvents(options.deps.db, { organizationId: options.actor.organizationId, limit: options.limit, before: options.before });
}
