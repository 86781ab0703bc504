/**
 * The app through a PostgreSQL crash and restart, as an operator sees it:
 * 8 clients keep POSTing legacy updates while the server is stopped with
 * `-m immediate` for 10 s and started again. During the outage every request
 * must be answered (the contract's 500) within 5 s; once the server is back,
 * every request must succeed again within seconds, and keep succeeding for
 * longer than postgres.js's 30 s connect timeout, which is how long a dead
 * pooled connection used to make requests hang before failing.
 *
 * It needs the PostgreSQL 15 binaries and a cluster of its own (the shared
 * server of DATABASE_URL must not be stopped), so vitest.config.ts includes
 * this file only in the PostgreSQL suite, where they are known to be there.
 */
import { setTimeout as sleep } from "node:timers/promises";

import { createDatabase, type DatabaseHandle, migratePostgresDatabase } from "@cr/db/client";
import { seedDemoData } from "@cr/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { env } from "~/env";
import { createServerDeps, type ServerDeps } from "~/server/deps";
import { createLocalPictureStorage } from "~/server/pictures/picture-storage";

import { captureLogs } from "./support/captured-logs";
import { createLegacyClient, sessionCookie } from "./support/legacy-client";
import { createPostgresCluster, type PostgresCluster } from "./support/postgres-cluster";
import { DEMO_PASSWORD, PUBLIC_BASE_URL, sessionTokenOf } from "./support/test-server";

const CLIENTS = 8;
const WARM_UP_MS = 3_000;
const OUTAGE_MS = 10_000;
/** How soon after the server is back every request must succeed again. */
const RECOVERY_MS = 5_000;
/** Longer than postgres.js's default connect_timeout (30 s): a hang of that length shows. */
const STABLE_MS = 36_000;
const ANSWER_WITHIN_MS = 5_000;

interface Answer {
  client: number;
  started: number;
  ended: number;
  status: number;
  error?: string;
}

let cluster: PostgresCluster;
let database: DatabaseHandle;
let deps: ServerDeps;

beforeAll(async () => {
  cluster = await createPostgresCluster();
  await migratePostgresDatabase(cluster.url, env.migrationsDir);
  // the production client: same options as the app's (createDatabase with a url)
  database = await createDatabase({ url: cluster.url });
  await seedDemoData(database.db, { adminPassword: DEMO_PASSWORD, customersPerOrganization: CLIENTS });
  deps = createServerDeps({
    db: database.db,
    pictureStorage: createLocalPictureStorage({ rootDir: "/nonexistent-no-pictures-here" }),
    config: { publicBaseUrl: PUBLIC_BASE_URL, sessionTtlHours: 1, maxRequestBytes: 1024 * 1024 },
    rateLimitPerMinute: 1_000_000,
  });
}, 60_000);

afterAll(async () => {
  await database?.close().catch(() => {});
  await cluster?.destroy();
});

function summary(answers: Answer[]): string {
  const slowest = Math.max(0, ...answers.map((answer) => answer.ended - answer.started));
  const byStatus = new Map<string, number>();
  for (const answer of answers) {
    const key = `${answer.status}${answer.error ? ` ${answer.error}` : ""}`;
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }
  return `${answers.length} requests, slowest ${Math.round(slowest)} ms, ${JSON.stringify(Object.fromEntries(byStatus))}`;
}

describe("the app through a PostgreSQL restart", () => {
  it("answers within 5 s during the outage and serves normally again within seconds after it", async () => {
    // each failed request is logged: keep the test's output readable
    const logged = captureLogs();
    const client = createLegacyClient(deps);
    const headers = sessionCookie(await sessionTokenOf(deps, "admin@entity1.test"));
    // one seeded customer per client: NC-001, NC-002...
    const references = Array.from({ length: CLIENTS }, (_, index) => `NC-${String(index + 1).padStart(3, "0")}`);

    const answers: Answer[] = [];
    let running = true;
    const clientLoop = async (index: number) => {
      for (let creditLimit = 1; running; creditLimit++) {
        const started = performance.now();
        const response = await client.call({
          customer: { reference: references[index]! },
          method: "POST",
          headers,
          body: new URLSearchParams({ creditLimit: String(creditLimit) }),
        });
        const body = (await response.json()) as { error?: string };
        answers.push({ client: index, started, ended: performance.now(), status: response.status, error: body.error });
        await sleep(100);
      }
    };
    const loops = Array.from({ length: CLIENTS }, (_, index) => clientLoop(index));

    await sleep(WARM_UP_MS);
    const crashAt = performance.now();
    await cluster.crash();
    await sleep(OUTAGE_MS);
    const restartAt = performance.now();
    await cluster.start();
    const backAt = performance.now();
    await sleep(RECOVERY_MS + STABLE_MS);
    running = false;
    const finished = await Promise.race([Promise.all(loops).then(() => true), sleep(2 * ANSWER_WITHIN_MS).then(() => false)]);
    logged.restore();

    const before = answers.filter((answer) => answer.ended < crashAt);
    const duringOutage = answers.filter((answer) => answer.ended >= crashAt && answer.started < restartAt);
    const recovering = answers.filter((answer) => answer.started >= restartAt && answer.started < backAt + RECOVERY_MS);
    const after = answers.filter((answer) => answer.started >= backAt + RECOVERY_MS);
    const report = [
      `before: ${summary(before)}`,
      `outage: ${summary(duringOutage)}`,
      `recovering: ${summary(recovering)}`,
      `after: ${summary(after)}`,
    ].join("\n");

    console.info(`PostgreSQL restart under ${CLIENTS} clients:\n${report}`);
    expect(finished, `a request still hangs at the end\n${report}`).toBe(true);
    expect(before.every((answer) => answer.status === 200), report).toBe(true);
    expect(before.length, report).toBeGreaterThan(CLIENTS);

    // the outage: every request answered in time, with the contract's 500 (or a 503 to retry later)
    expect(duringOutage.length, report).toBeGreaterThan(CLIENTS);
    const slowDuringOutage = duringOutage.filter((answer) => answer.ended - Math.max(answer.started, crashAt) > ANSWER_WITHIN_MS);
    expect(slowDuringOutage, report).toEqual([]);
    const refusedDuringOutage = duringOutage.filter((answer) => answer.status !== 200);
    expect(refusedDuringOutage.length, report).toBeGreaterThan(0);
    for (const answer of refusedDuringOutage) {
      expect([500, 503], report).toContain(answer.status);
      expect(["server_error", "service_unavailable"], report).toContain(answer.error);
    }

    // back to normal: nothing slow while it recovers, then every request succeeds
    expect(recovering.filter((answer) => answer.ended - answer.started > ANSWER_WITHIN_MS), report).toEqual([]);
    expect(after.length, report).toBeGreaterThan(CLIENTS * 20);
    expect(after.filter((answer) => answer.status !== 200 || answer.ended - answer.started > ANSWER_WITHIN_MS), report).toEqual([]);
  }, 120_000);
});
