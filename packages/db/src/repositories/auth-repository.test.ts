import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "../client";
import { seedDemoData } from "../seed";
import { createTestDatabase, testDatabaseKind } from "../testing";
import { apiTokens } from "../schema";
import {
  API_TOKEN_LAST_USED_PRECISION_MS,
  createApiToken,
  createSession,
  createUser,
  findUserByApiToken,
  findUserBySessionToken,
  findUserForLogin,
} from "./auth-repository";
import { deactivateUser } from "./organization-users-repository";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 1 });
});

afterAll(async () => {
  await handle?.close();
});

describe(`login names on ${testDatabaseKind}`, () => {
  it("finds a user by any case and surrounding spaces of the e-mail", async () => {
    expect(await findUserForLogin(handle.db, "  Admin@Entity1.TEST ")).toMatchObject({ id: 1, email: "admin@entity1.test" });
  });

  // lower('admİn') is 'admin' under the C.UTF-8 locale of the test server and of PGlite
  it("does not find `admİn` (dotted capital I) as admin, whatever the database's lower() says", async () => {
    expect(await findUserForLogin(handle.db, "admİn@entity1.test")).toBeUndefined();
  });

  it("stores a new user's e-mail normalized, so that the lookup finds it", async () => {
    await createUser(handle.db, {
      organizationId: 1,
      email: " Ana.Lima@Entity1.TEST",
      password: "ana-password",
      reference: "emp-ana",
      role: "editor",
    });
    expect(await findUserForLogin(handle.db, "ana.lima@entity1.test")).toMatchObject({ email: "ana.lima@entity1.test" });
  });

  it("finds no user for an e-mail with a NUL character, which PostgreSQL text cannot hold", async () => {
    // the query failed before: the login answered 500 instead of "Bad credentials"
    expect(await findUserForLogin(handle.db, "admin@entity1.test\u0000")).toBeUndefined();
    expect(await findUserForLogin(handle.db, "\u0000")).toBeUndefined();
  });
});

describe(`roles and token scopes on ${testDatabaseKind}`, () => {
  it("a session acts with its user's role, a token with its scope besides", async () => {
    const viewer = (await findUserForLogin(handle.db, "viewer@entity1.test"))!;
    expect(viewer).toMatchObject({ role: "viewer", tokenScope: null });
    const { token: session } = await createSession(handle.db, { user: viewer, expiresAt: new Date(Date.now() + 60_000) });
    expect(await findUserBySessionToken(handle.db, session, new Date())).toMatchObject({ id: viewer.id, role: "viewer", tokenScope: null });

    const { token } = await createApiToken(handle.db, { userId: 1, organizationId: 1, name: "erp", scope: "read", expiresAt: null });
    expect(await findUserByApiToken(handle.db, token, new Date())).toMatchObject({ id: 1, role: "admin", tokenScope: "read" });
  });

  it("writes a token's last use at most once a minute", async () => {
    const { id, token } = await createApiToken(handle.db, { userId: 1, organizationId: 1, name: "sync", scope: "write", expiresAt: null });
    const lastUsed = async () => (await handle.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, id)))[0]!.at;
    const start = new Date("2026-12-07T10:00:00Z");
    await findUserByApiToken(handle.db, token, start);
    expect(await lastUsed()).toEqual(start);
    await findUserByApiToken(handle.db, token, new Date(start.getTime() + API_TOKEN_LAST_USED_PRECISION_MS - 1));
    expect(await lastUsed()).toEqual(start);
    const later = new Date(start.getTime() + API_TOKEN_LAST_USED_PRECISION_MS + 1);
    await findUserByApiToken(handle.db, token, later);
    expect(await lastUsed()).toEqual(later);
  });

  it("a deactivated user can no longer sign in, and their sessions and tokens stop", async () => {
    const { id: userId } = await createUser(handle.db, {
      organizationId: 1,
      email: "leaver@entity1.test",
      password: "leaver-password",
      reference: "emp-leaver",
      role: "editor",
    });
    const user = (await findUserForLogin(handle.db, "leaver@entity1.test"))!;
    const { token: session } = await createSession(handle.db, { user, expiresAt: new Date(Date.now() + 60_000) });
    const { token } = await createApiToken(handle.db, { userId, organizationId: 1, name: "t", scope: "write", expiresAt: null });
    expect(await findUserBySessionToken(handle.db, session, new Date())).toBeDefined();

    await handle.db.transaction((tx) => deactivateUser(tx, { userId, now: new Date() }));
    expect(await findUserForLogin(handle.db, "leaver@entity1.test")).toBeUndefined();
    expect(await findUserBySessionToken(handle.db, session, new Date())).toBeUndefined();
    expect(await findUserByApiToken(handle.db, token, new Date())).toBeUndefined();
  });
});
