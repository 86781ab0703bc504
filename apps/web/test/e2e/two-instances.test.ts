/**
 * Two production app processes on one PostgreSQL server, as behind a load
 * balancer: whatever one instance learns, the other knows, because it is in
 * the database (README, "Running several instances").
 */
import path from "node:path";

import { createDatabase, migratePostgresDatabase } from "@cr/db/client";
import { seedDemoData } from "@cr/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type BuiltApp, signInToBuiltApp, startBuiltApp, webDir } from "../support/built-app";
import { createPostgresCluster, type PostgresCluster } from "../support/postgres-cluster";
import { nextServerPid, tcpConnectionsTo } from "../support/process-usage";

const PASSWORD = "two-instances-password";
/** Instance b's pool (DATABASE_POOL_SIZE); a keeps the default of 10. */
const B_POOL_SIZE = 2;
let cluster: PostgresCluster;
let a: BuiltApp;
let b: BuiltApp;

beforeAll(async () => {
  cluster = await createPostgresCluster();
  await migratePostgresDatabase(cluster.url, path.resolve(webDir, "../../packages/db/migrations"));
  const database = await createDatabase({ url: cluster.url, maxConnections: 1 });
  await seedDemoData(database.db, { adminPassword: PASSWORD });
  await database.close();
  [a, b] = await Promise.all([
    startBuiltApp({ password: PASSWORD, env: { DATABASE_URL: cluster.url } }),
    startBuiltApp({ password: PASSWORD, env: { DATABASE_URL: cluster.url, DATABASE_POOL_SIZE: String(B_POOL_SIZE) } }),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await cluster?.destroy();
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

  it("each keep a pool of the size they are given, whatever the load", async () => {
    const token = await signInToBuiltApp(a);
    const postgresPort = Number(new URL(cluster.url).port);
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
