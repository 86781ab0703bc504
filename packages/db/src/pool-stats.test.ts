/**
 * `poolStats` reads what the server pool's connections are doing (the metrics
 * scrape shows it): statements running hold connections, the ones past the
 * pool's size wait, and all is idle again after. A server only: the embedded
 * database has no pool (vitest.config.ts includes this file on a server).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "./client";
import { poolStats } from "./telemetry";
import { createTestDatabase, TEST_POOL_CONNECTIONS } from "./testing";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

describe("poolStats", () => {
  it("counts the connections in use and the statements waiting for one", async () => {
    const extra = 3;
    // started now (a Drizzle query runs once awaited)
    const sleeps = Array.from({ length: TEST_POOL_CONNECTIONS + extra }, () => handle.db.execute(sql`select pg_sleep(0.5)`).then(() => {}));
    // the first statements open the connections: in use from the start
    await expect
      .poll(() => poolStats(handle.db), { timeout: 400, interval: 10 })
      .toMatchObject({ max: TEST_POOL_CONNECTIONS, inUse: TEST_POOL_CONNECTIONS, idle: 0, waiting: extra });
    await Promise.all(sleeps);
    expect(poolStats(handle.db)).toMatchObject({ inUse: 0, connecting: 0, idle: TEST_POOL_CONNECTIONS, waiting: 0 });

    // the same on open connections, which the statements find idle
    const again = Array.from({ length: TEST_POOL_CONNECTIONS + extra }, () => handle.db.execute(sql`select pg_sleep(0.5)`).then(() => {}));
    await expect
      .poll(() => poolStats(handle.db), { timeout: 400, interval: 10 })
      .toMatchObject({ inUse: TEST_POOL_CONNECTIONS, connecting: 0, idle: 0, waiting: extra });
    await Promise.all(again);
    expect(poolStats(handle.db)).toMatchObject({ inUse: 0, idle: TEST_POOL_CONNECTIONS, waiting: 0 });
  });
});
