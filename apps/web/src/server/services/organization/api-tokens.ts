/**
 * An organization's API tokens, as its admins manage them (the API tokens
 * page, tRPC `apiToken.*`). A token is shown once, when it is created, and
 * stored hashed; it acts with the lesser of its scope and its owner's role.
 */
import { assertCan, errors, type NewApiTokenInput } from "@cr/domain";
import {
  type AuthenticatedUser,
  createApiToken as createApiTokenRow,
  listOrganizationApiTokens,
  recordAuditEvent,
  revokeApiToken as revokeApiTokenRow,
  userExistsInOrganization,
} from "@cr/db/repositories";

import type { ServerDeps } from "../../deps";

interface AdminOptions {
  deps: ServerDeps;
  actor: AuthenticatedUser;
}

export async function listApiTokens({ deps, actor }: AdminOptions) {
  assertCan(actor, "organization.manage");
  return listOrganizationApiTokens(deps.db, actor.organizationId);
}

/** The new token's id and its secret, which is never shown again. */
export async function createApiToken({ deps, actor, token }: AdminOptions & { token: NewApiTokenInput }) {
  assertCan(actor, "organization.manage");
  const owner = await userExistsInOrganization(deps.db, { organizationId: actor.organizationId, userId: token.ownerUserId });
  if (!owner?.active) throw errors.notFound("user", token.ownerUserId, "ownerUserId");
  const now = deps.now();
  const expiresAt = token.expiresInDays === null ? null : new Date(now.getTime() + token.expiresInDays * 86_400_000);
  return deps.db.transaction(async (tx) => {
    const created = await createApiTokenRow(tx, {
      organizationId: actor.organizationId,
      userId: token.ownerUserId,
      name: token.name,
      scope: token.scope,
      expiresAt,
    });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.id,
      action: "api_token.created",
      target: `api_token:${created.id}`,
      details: { name: token.name, scope: token.scope, ownerUserId: token.ownerUserId, expiresAt: expiresAt?.toISOString() ?? null },
      now,
    });
    return { id: created.id, token: created.token, expiresAt };
  });
}

export async function revokeApiToken({ deps, actor, tokenId }: AdminOptions & { tokenId: number }) {
  assertCan(actor, "organization.manage");
  await deps.db.transaction(async (tx) => {
    const now = deps.now();
    const revoked = await revokeApiTokenRow(tx, { id: tokenId, now, organizationId: actor.organizationId });
    if (!revoked) throw errors.notFound("API token", tokenId);
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.id,
      action: "api_token.revoked",
      target: `api_token:${tokenId}`,
      details: { name: revoked.name },
      now,
    });
  });
}
