/**
 * The app's pool sends a statement only on a free connection (`max_pipeline:
 * 0` in client.ts): postgres.js by default sends it behind the statements
 * already running on a busy connection, where it waits for the slowest of
 * them. A slow statement (a broad search, a wait for a row lock, a GIN
 * index's pending list merged by a write) then held up the quick statements of
 * other requests queued behind it. Only a server runs statements side by side,
 * so vitest.config.ts includes this file only there.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "./client";
import { prebuiltStatement } from "./prebuilt-query";
import { createTestDatabase, TEST_POOL_CONNECTIONS } from "./testing";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

const sleepStatement = prebuiltStatement("pool_queue_sleep", () => sql`select pg_sleep(${sql.placeholder("seconds")}::float8)`);
const quickStatement = prebuiltStatement("pool_queue_quick", () => sql`select ${sql.placeholder("n")}::int as n`);

describe("the pool's queue", () => {
  it("runs quick statements on the free connections while slow ones hold the others", async () => {
    const sleep = (seconds: number) => sleepStatement(handle.db, { seconds });
    const quick = (n: number) => quickStatement(handle.db, { n });
    // every connection open, idle, and with both statements prepared (postgres.js
    // sends nothing behind a statement it must describe first), as the app's are
    await Promise.all(Array.from({ length: TEST_POOL_CONNECTIONS }, () => sleep(0.2)));
    await Promise.all(Array.from({ length: TEST_POOL_CONNECTIONS }, () => sleep(0.2).then(() => quick(0))));

    const slow = Array.from({ length: TEST_POOL_CONNECTIONS / 2 }, () => sleep(2));
    const started = performance.now();
    const quickTimes = await Promise.all(
      Array.from({ length: 40 }, (_, index) => quick(index).then(() => performance.now() - started)),
    );
    await Promise.all(slow);
    // behind a 2-s sleep, a statement would take 2 s
    expect(Math.max(...quickTimes)).toBeLessThan(1_000);
  });
});
