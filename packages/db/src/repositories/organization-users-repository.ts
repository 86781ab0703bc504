/**
 * An organization's users and API tokens as its admins manage them. The
 * services (apps/web `services/organization-users/`) check who may, and keep
 * the rules (the last active admin stays); these functions only read and write.
 */
import type { UserRole } from "@cr/domain";
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";

import type { Database } from "../client";
import { apiTokens, sessions, users } from "../schema";

export interface OrganizationUser {
  id: number;
  email: string;
  name: string | null;
  reference: string;
  role: UserRole;
  lastSignedInAt: Date | null;
  active: boolean;
}

const organizationUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  reference: users.reference,
  role: users.role,
  lastSignedInAt: users.lastSignedInAt,
  active: sql<boolean>`${users.deactivatedAt} is null`,
};

export async function listOrganizationUsers(db: Database, organizationId: number): Promise<OrganizationUser[]> {
  return db.select(organizationUserColumns).from(users).where(eq(users.organizationId, organizationId)).orderBy(asc(users.email));
}

/** The user, locked until the transaction ends (a role change or a deactivation reads it, then writes it). */
export async function lockOrganizationUser(tx: Database, args: { organizationId: number; userId: number }) {
  const [row] = await tx
    .select(organizationUserColumns)
    .from(users)
    .where(and(eq(users.organizationId, args.organizationId), eq(users.id, args.userId)))
    .for("update");
  return row;
}

/**
 * How many active admins the organization has besides `exceptUserId`, with
 * every active admin's row locked: two admins demoting each other at the same
 * time are serialized here, so one of them stays.
 */
export async function countOtherActiveAdmins(tx: Database, args: { organizationId: number; exceptUserId: number }): Promise<number> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organizationId, args.organizationId), eq(users.role, "admin"), isNull(users.deactivatedAt)))
    .orderBy(asc(users.id))
    .for("update");
  return admins.filter((admin) => admin.id !== args.exceptUserId).length;
}

export async function setUserRole(tx: Database, args: { userId: number; role: UserRole }): Promise<void> {
  await tx.update(users).set({ role: args.role }).where(eq(users.id, args.userId));
}

/** Deactivates the user and ends their sessions and tokens: every instance reads them from here on the next request. */
export async function deactivateUser(tx: Database, args: { userId: number; now: Date }): Promise<void> {
  await tx.update(users).set({ deactivatedAt: args.now }).where(and(eq(users.id, args.userId), isNull(users.deactivatedAt)));
  await tx.update(sessions).set({ revokedAt: args.now }).where(and(eq(sessions.userId, args.userId), isNull(sessions.revokedAt)));
  await tx.update(apiTokens).set({ revokedAt: args.now }).where(and(eq(apiTokens.userId, args.userId), isNull(apiTokens.revokedAt)));
}

/** The organization's tokens, revoked ones included (the list shows them as such), newest first. */
export async function listOrganizationApiTokens(db: Database, organizationId: number) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      owner: { id: users.id, email: users.email, name: users.name },
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.organizationId, organizationId))
    .orderBy(sql`${apiTokens.id} desc`);
}

export async function userExistsInOrganization(db: Database, args: { organizationId: number; userId: number }) {
  const [row] = await db
    .select({ id: users.id, active: organizationUserColumns.active })
    .from(users)
    .where(and(eq(users.organizationId, args.organizationId), eq(users.id, args.userId)));
  return row;
}

/** Another user of any organization already signs in with this e-mail (e-mails are unique across organizations). */
export async function emailTaken(db: Database, email: string, exceptUserId = 0): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, ne(users.id, exceptUserId)))
    .limit(1);
  return row !== undefined;
}
