/**
 * An organization's users, as its admins manage them (the Users page, tRPC
 * `user.*`). Each change is written with its audit record in one transaction.
 *
 * The last active admin of an organization can be neither demoted nor
 * deactivated: the change locks every active admin's row first
 * (`countOtherActiveAdmins`), so two admins demoting each other at once are
 * serialized and one of them stays an admin.
 */
import { AppError, assertCan, errors, type NewUserInput, type UserRole } from "@cr/domain";
import {
  type AuthenticatedUser,
  countOtherActiveAdmins,
  createUser,
  deactivateUser as deactivateUserRow,
  emailTaken,
  listOrganizationUsers,
  lockOrganizationUser,
  type OrganizationUser,
  recordAuditEvent,
  setUserRole,
} from "@cr/db/repositories";
import { uniqueViolationConstraint } from "@cr/db/errors";

import type { ServerDeps } from "../../deps";

interface AdminOptions {
  deps: ServerDeps;
  actor: AuthenticatedUser;
}

export async function listUsers({ deps, actor }: AdminOptions): Promise<OrganizationUser[]> {
  assertCan(actor, "organization.manage");
  return listOrganizationUsers(deps.db, actor.organizationId);
}

export async function createOrganizationUser({ deps, actor, user }: AdminOptions & { user: NewUserInput }): Promise<{ id: number }> {
  assertCan(actor, "organization.manage");
  if (await emailTaken(deps.db, user.email)) throw new AppError("not_unique", "email already used", { field: "email" });
  try {
    return await deps.db.transaction(async (tx) => {
      const created = await createUser(tx, { ...user, organizationId: actor.organizationId });
      await recordAuditEvent(tx, {
        organizationId: actor.organizationId,
        actorUserId: actor.id,
        action: "user.created",
        target: `user:${created.id}`,
        details: { email: user.email, role: user.role },
        now: deps.now(),
      });
      return created;
    });
  } catch (error) {
    // the checks above race with another admin's create: the unique indexes decide
    const constraint = uniqueViolationConstraint(error);
    if (constraint === "users_email_unique") throw new AppError("not_unique", "email already used", { field: "email" });
    if (constraint === "users_organization_reference_unique") throw new AppError("not_unique", "reference already used", { field: "reference" });
    throw error;
  }
}

function lastAdminRefusal(): AppError {
  return new AppError("invalid_param", "The organization's last active admin can be neither demoted nor deactivated.", { field: "role" });
}

/** The target user, locked, of the actor's organization; another organization's is not found. */
async function lockTarget(tx: ServerDeps["db"], actor: AuthenticatedUser, userId: number) {
  const target = await lockOrganizationUser(tx, { organizationId: actor.organizationId, userId });
  if (!target) throw errors.notFound("user", userId);
  return target;
}

export async function changeUserRole({ deps, actor, userId, role }: AdminOptions & { userId: number; role: UserRole }) {
  assertCan(actor, "organization.manage");
  await deps.db.transaction(async (tx) => {
    const target = await lockTarget(tx, actor, userId);
    if (target.role === role) return;
    if (!target.active) throw new AppError("invalid_param", "A deactivated user's role cannot be changed.", { field: "role" });
    if (target.role === "admin" && (await countOtherActiveAdmins(tx, { organizationId: actor.organizationId, exceptUserId: userId })) === 0) {
      throw lastAdminRefusal();
    }
    await setUserRole(tx, { userId, role });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.id,
      action: "user.role_changed",
      target: `user:${userId}`,
      details: { email: target.email, from: target.role, to: role },
      now: deps.now(),
    });
  });
}

/** Ends the user's access at once, on every instance: sessions and tokens are read from the database on each request. */
export async function deactivateUser({ deps, actor, userId }: AdminOptions & { userId: number }) {
  assertCan(actor, "organization.manage");
  await deps.db.transaction(async (tx) => {
    const target = await lockTarget(tx, actor, userId);
    if (!target.active) return;
    if (target.role === "admin" && (await countOtherActiveAdmins(tx, { organizationId: actor.organizationId, exceptUserId: userId })) === 0) {
      throw lastAdminRefusal();
    }
    const now = deps.now();
    await deactivateUserRow(tx, { userId, now });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.id,
      action: "user.deactivated",
      target: `user:${userId}`,
      details: { email: target.email },
      now,
    });
  });
}
