/**
 * A pooled connection whose server session dies inside a transaction (an
 * operator's pg_terminate_backend, a crashed backend, a restart). postgres.js
 * 3.4.9 sent the transaction's rollback on the dead connection: the process
 * crashed on an uncaught TypeError, and the connection, left with a stale
 * write timer, never started up again (every use hung until connect_timeout).
 * patches/postgres@3.4.9.patch fixes both. Only the PostgreSQL suite can
 * terminate a session, so vitest.config.ts includes this file only there.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "./client";
import { createTestDatabase } from "./testing";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

const rowsOf = <T>(result: unknown) => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

describe("a connection lost inside a transaction", () => {
  it("fails that transaction, and the pool serves the next queries at once", async () => {
    for (let round = 0; round < 5; round++) {
      const attempt = handle.db.transaction(async (tx) => {
        const [{ pid }] = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`)) as [{ pid: number }];
        await handle.db.execute(sql`select pg_terminate_backend(${pid}::int)`);
        await tx.execute(sql`select 1`);
      });
      await expect(attempt).rejects.toThrow();

      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 16 }, (_, index) => handle.db.execute(sql`select ${index}::int as n`)),
      );
      expect(answers.map((answer) => rowsOf<{ n: number }>(answer)[0]!.n)).toEqual(Array.from({ length: 16 }, (_, index) => index));
      expect(performance.now() - started, `round ${round}`).toBeLessThan(2_000);
    }
  });
});
