/**
 * Users, sessions and API tokens. Tokens are only ever stored hashed
 * (see secrets.ts); a lookup hashes what the client sent.
 */
import { isStorableText, normalizeEmail, type TokenScope, type UserRole } from "@cr/domain";
import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";

import type { Database } from "../client";
import { prebuiltSelect } from "../prebuilt-query";
import { apiTokens, organizations, sessions, users } from "../schema";
import { generateToken, hashPassword, hashToken } from "../secrets";

/** Who is calling, with what they may do (an `Actor` of the domain's authorization rules). */
export interface AuthenticatedUser {
  id: number;
  reference: string;
  email: string;
  organizationId: number;
  organizationSlug: string;
  /** The user's role now: read on every request, so a change holds from the next one, on every instance. */
  role: UserRole;
  /** The scope of the API token the request came with; null for a signed-in session. */
  tokenScope: TokenScope | null;
}

const userColumns = {
  id: users.id,
  reference: users.reference,
  email: users.email,
  organizationId: users.organizationId,
  organizationSlug: organizations.slug,
  role: users.role,
};

const authenticatedUserColumns = { ...userColumns, tokenScope: sql<TokenScope | null>`null` };

/**
 * The user whose e-mail is `email` once normalized (`normalizeEmail`), as it
 * is stored. The comparison is exact: SQL's `lower()` follows the server's
 * locale and would match spellings that the app counts as other accounts.
 * The `lower()` term adds no match (the equality implies it); it lets the
 * `users_email_unique` index find the row.
 */
export async function findUserForLogin(db: Database, email: string) {
  // No stored e-mail holds U+0000 (PostgreSQL text cannot), and the query would fail on it.
  if (!isStorableText(email)) return undefined;
  const loginName = normalizeEmail(email);
  const [row] = await db
    .select({ ...authenticatedUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(sql`lower(${users.email}) = lower(${loginName})`, eq(users.email, loginName), isNull(users.deactivatedAt)))
    .limit(1);
  return row;
}

export async function markUserSignedIn(db: Database, args: { userId: number; now: Date }): Promise<void> {
  await db.update(users).set({ lastSignedInAt: args.now }).where(eq(users.id, args.userId));
}

export async function createUser(
  db: Database,
  args: { organizationId: number; email: string; password: string; reference: string; name?: string; role: UserRole },
): Promise<{ id: number }> {
  const [row] = await db
    .insert(users)
    .values({
      organizationId: args.organizationId,
      email: normalizeEmail(args.email),
      reference: args.reference,
      name: args.name,
      role: args.role,
      passwordHash: await hashPassword(args.password),
    })
    .returning({ id: users.id });
  return row!;
}

export async function createSession(
  db: Database,
  args: { user: AuthenticatedUser; expiresAt: Date },
): Promise<{ token: string }> {
  const token = generateToken();
  await db.insert(sessions).values({
    organizationId: args.user.organizationId,
    userId: args.user.id,
    tokenHash: hashToken(token),
    expiresAt: args.expiresAt,
  });
  return { token };
}

// Every request's first statement: built once (see prebuilt-query.ts)
const userBySessionToken = prebuiltSelect<AuthenticatedUser, { tokenHash: string; now: Date }>("user_by_session_token", (db) =>
  db
    .select(authenticatedUserColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder("tokenHash")),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.param(sql.placeholder("now"), sessions.expiresAt)),
        isNull(users.deactivatedAt),
      ),
    )
    .limit(1),
);

export async function findUserBySessionToken(db: Database, token: string, now: Date) {
  const [row] = await userBySessionToken(db, { tokenHash: hashToken(token), now });
  return row;
}

export async function revokeSession(db: Database, token: string, now: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.tokenHash, hashToken(token)));
}

export async function createApiToken(
  db: Database,
  args: { userId: number; organizationId: number; name: string; scope: TokenScope; expiresAt: Date | null },
): Promise<{ id: number; token: string }> {
  const token = generateToken();
  const [row] = await db
    .insert(apiTokens)
    .values({
      organizationId: args.organizationId,
      userId: args.userId,
      name: args.name,
      scope: args.scope,
      tokenHash: hashToken(token),
      expiresAt: args.expiresAt,
    })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token };
}

type UserByApiToken = AuthenticatedUser & { tokenId: number; lastUsedAt: Date | null };

const userByApiToken = prebuiltSelect<UserByApiToken, { tokenHash: string; now: Date }>("user_by_api_token", (db) =>
  db
    .select({ ...userColumns, tokenScope: apiTokens.scope, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder("tokenHash")),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql.param(sql.placeholder("now"), apiTokens.expiresAt))),
        isNull(users.deactivatedAt),
      ),
    )
    .limit(1),
);

/** How stale a token's `last_used_at` may get: written at most this often, not on every request. */
export const API_TOKEN_LAST_USED_PRECISION_MS = 60_000;

export async function findUserByApiToken(db: Database, token: string, now: Date): Promise<AuthenticatedUser | undefined> {
  const [row] = await userByApiToken(db, { tokenHash: hashToken(token), now });
  if (!row) return undefined;
  const { tokenId, lastUsedAt, ...user } = row;
  const staleBefore = new Date(now.getTime() - API_TOKEN_LAST_USED_PRECISION_MS);
  if (lastUsedAt === null || lastUsedAt < staleBefore) {
    // the condition again: of two instances that both saw it stale, one writes
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore))));
  }
  return user;
}

/** Revokes a token, of `organizationId` only when given (the CLI names any token by its id). */
export async function revokeApiToken(db: Database, args: { id: number; now: Date; organizationId?: number }) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: args.now })
    .where(
      and(
        eq(apiTokens.id, args.id),
        isNull(apiTokens.revokedAt),
        args.organizationId === undefined ? undefined : eq(apiTokens.organizationId, args.organizationId),
      ),
    )
    .returning({ id: apiTokens.id, name: apiTokens.name, userId: apiTokens.userId, organizationId: apiTokens.organizationId });
  return row;
}

export async function listApiTokens(db: Database, userId: number) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(apiTokens.id);
}
