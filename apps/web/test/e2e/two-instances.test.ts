/**
 * Two production app processes on one PostgreSQL server, as behind a load
 * balancer: whatever one instance learns, the other knows, because it is in
 * the database (README, "Running several instances").
 *
 * On a PostgreSQL 15 cluster of the test's own; with DATABASE_URL set, on a
 * fresh database of that server instead, reached as DATABASE_URL,
 * DATABASE_DIRECT_URL and DATABASE_PREPARED_STATEMENTS say: `.ci/run` runs
 * this file once so through PgBouncer in transaction mode.
 */
import path from "node:path";

import { createDatabase, migratePostgresDatabase } from "@cr/db/client";
import { env as databaseEnv } from "@cr/db/env";
import { seedDemoData } from "@cr/db/seed";
import { createTestDatabase, testDatabaseKind } from "@cr/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type BuiltApp, signInToBuiltApp, startBuiltApp, webDir } from "../support/built-app";
import { createPostgresCluster } from "../support/postgres-cluster";
import { nextServerPid, tcpConnectionsTo } from "../support/process-usage";

const PASSWORD = "two-instances-password";
/** Instance b's pool (DATABASE_POOL_SIZE); a keeps the default of 10. */
const B_POOL_SIZE = 2;

interface SharedDatabase {
  /** The apps' database settings. */
  env: Record<string, string>;
  close(): Promise<void>;
}

let database: SharedDatabase;
let a: BuiltApp;
let b: BuiltApp;

/** Migrated and seeded with the demo data. */
async function startSharedDatabase(): Promise<SharedDatabase> {
  if (testDatabaseKind === "postgres") {
    const created = await createTestDatabase();
    await seedDemoData(created.db, { adminPassword: PASSWORD });
    return {
      env: {
        DATABASE_URL: created.url!,
        DATABASE_DIRECT_URL: created.directUrl!,
        DATABASE_PREPARED_STATEMENTS: String(databaseEnv.preparedStatements),
      },
      close: () => created.close(),
    };
  }
  const cluster = await createPostgresCluster();
  await migratePostgresDatabase(cluster.url, path.resolve(webDir, "../../packages/db/migrations"));
  const seeding = await createDatabase({ url: cluster.url, maxConnections: 1 });
  await seedDemoData(seeding.db, { adminPassword: PASSWORD });
  await seeding.close();
  return { env: { DATABASE_URL: cluster.url }, close: () => cluster.destroy() };
}

beforeAll(async () => {
  database = await startSharedDatabase();
  [a, b] = await Promise.all([
    startBuiltApp({ password: PASSWORD, env: database.env }),
    startBuiltApp({ password: PASSWORD, env: { ...database.env, DATABASE_POOL_SIZE: String(B_POOL_SIZE) } }),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.close();
});

const customerUrl = (app: BuiltApp, id = 256) => `${app.baseUrl}/api/v1.0/customers/${id}`;
const cookie = (token: string) => ({ cookie: `JSESSIONID=${token}` });

function update(app: BuiltApp, token: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(customerUrl(app), { method: "POST", headers: { ...cookie(token), ...headers }, body: new URLSearchParams(fields) });
}

describe("two app instances on one PostgreSQL server", () => {
  it("accept each other's sessions, and a sign-out on one ends the session on both", async () => {
    const token = await signInToBuiltApp(a);
    expect((await fetch(customerUrl(b), { headers: cookie(token) })).status).toBe(200);

    const signOut = await fetch(`${a.baseUrl}/api/trpc/auth.signOut`, {
      method: "POST",
      headers: { ...cookie(token), "content-type": "application/json" },
      body: "{}",
    });
    expect(signOut.status).toBe(200);
    expect((await fetch(customerUrl(b), { headers: cookie(token) })).status).toBe(401);
    expect((await fetch(customerUrl(a), { headers: cookie(token) })).status).toBe(401);
  });

  it("end a deactivated user's session and API token on the other instance at once", async () => {
    const admin = await signInToBuiltApp(a);
    const editorSession = await signInToBuiltApp(b, "editor@entity1.test");
    const trpc = async (app: BuiltApp, procedure: string, input: unknown) => {
      const response = await fetch(`${app.baseUrl}/api/trpc/${procedure}`, {
        method: "POST",
        headers: { ...cookie(admin), "content-type": "application/json" },
        body: JSON.stringify({ json: input }),
      });
      expect(response.status, procedure).toBe(200);
      return ((await response.json()) as { result: { data: { json: unknown } } }).result.data.json;
    };
    const { token } = (await trpc(a, "apiToken.create", { name: "editor's sync", scope: "write", ownerUserId: 4, expiresInDays: null })) as {
      token: string;
    };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fetch(customerUrl(b), { headers: cookie(editorSession) })).status).toBe(200);
    expect((await fetch(customerUrl(b), { headers: bearer })).status).toBe(200);

    await trpc(a, "user.deactivate", { userId: 4 });
    expect((await fetch(customerUrl(b), { headers: cookie(editorSession) })).status).toBe(401);
    expect((await fetch(customerUrl(b), { headers: bearer })).status).toBe(401);
    expect((await update(b, editorSession, { comment: "after deactivation" })).status).toBe(401);
  });

  it("each keep a pool of the size they are given, whatever the load", async () => {
    const token = await signInToBuiltApp(a);
    // the server's port, or the pooler's in front of it
    const postgresPort = Number(new URL(database.env.DATABASE_URL!).port);
    const connectionsUnderLoad = async (app: BuiltApp) => {
      const answers = await Promise.all(Array.from({ length: 30 }, () => fetch(customerUrl(app), { headers: cookie(token) })));
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      return tcpConnectionsTo(nextServerPid(app.server.pid!), postgresPort);
    };

    expect(await connectionsUnderLoad(b)).toBe(B_POOL_SIZE);
    expect(await connectionsUnderLoad(a)).toBeGreaterThan(B_POOL_SIZE);
  });

  it("replay on one an Idempotency-Key answered by the other", async () => {
    const token = await signInToBuiltApp(a);
    const key = { "idempotency-key": "two-instances-0001" };
    const first = await update(a, token, { comment: "once, from instance A" }, key);
    expect(first.status).toBe(200);
    const retry = await update(b, token, { comment: "once, from instance A" }, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.text()).toBe(await first.text());
  });

  it("detect an If-Match conflict whichever instance wrote first", async () => {
    const token = await signInToBuiltApp(b);
    const read = await fetch(customerUrl(a), { headers: cookie(token) });
    const etag = read.headers.get("etag")!;
    expect((await update(b, token, { comment: "written through B" })).status).toBe(200);
    const stale = await update(a, token, { comment: "stale, through A" }, { "if-match": etag });
    expect(stale.status).toBe(412);
    expect(await (await fetch(customerUrl(a), { headers: cookie(token) })).json()).toMatchObject({ comment: "written through B" });
  });

  it("count sign-in failures together", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      const app = attempt % 2 === 0 ? a : b;
      const response = await fetch(`${app.baseUrl}/j_spring_security_check`, {
        method: "POST",
        body: new URLSearchParams({ j_username: "sales@entity1.test", j_password: `wrong-${attempt}`, ajax: "true" }),
      });
      statuses.push(response.status);
    }
    // 10 consecutive failures of one account from one address, then refused on both
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
  });
});
