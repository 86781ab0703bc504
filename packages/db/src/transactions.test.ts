import { setTimeout as sleep } from "node:timers/promises";

import { errors } from "@cr/domain";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "./client";
import { isRetryableTransactionError } from "./errors";
import { customers } from "./schema";
import { seedDemoData } from "./seed";
import { createTestDatabase, testDatabaseKind } from "./testing";
import { withTransactionRetry } from "./transactions";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 4 });
});

afterAll(async () => {
  await handle?.close();
});

/** What postgres.js throws, wrapped by Drizzle as it does for a failed query. */
function driverError(code: string): Error {
  const cause = Object.assign(new Error("aborted by the server"), { code });
  return new Error("Failed query: update ...", { cause });
}

describe("isRetryableTransactionError", () => {
  it("retries deadlocks and serialization failures, by SQLSTATE, through Drizzle's wrapping", () => {
    expect(isRetryableTransactionError(driverError("40P01"))).toBe(true);
    expect(isRetryableTransactionError(driverError("40001"))).toBe(true);
    expect(isRetryableTransactionError({ code: "40001" })).toBe(true);
  });

  it("never retries a domain answer, another database fault or a lost connection", () => {
    expect(isRetryableTransactionError(errors.referenceNotUnique())).toBe(false);
    expect(isRetryableTransactionError(errors.serverError(driverError("40P01")))).toBe(false);
    expect(isRetryableTransactionError(driverError("23505"))).toBe(false);
    expect(isRetryableTransactionError(Object.assign(new Error("deadlock detected"), { code: "CONNECTION_CLOSED" }))).toBe(false);
    expect(isRetryableTransactionError(new Error("deadlock detected"))).toBe(false);
  });
});

describe(`withTransactionRetry on ${testDatabaseKind}`, () => {
  const nameOf = async (id: number) =>
    (await handle.db.select({ name: customers.name }).from(customers).where(eq(customers.id, id)))[0]!.name;

  it("runs the whole transaction again after a serialization failure, and keeps only the last run", async () => {
    let runs = 0;
    const retried: number[] = [];
    const result = await withTransactionRetry(
      handle.db,
      async (tx) => {
        runs += 1;
        await tx.update(customers).set({ name: `Run ${runs}` }).where(eq(customers.id, 256));
        if (runs === 1) throw driverError("40001");
        return runs;
      },
      { onRetry: (_error, retry) => retried.push(retry) },
    );
    expect(result).toBe(2);
    expect(retried).toEqual([1]);
    expect(await nameOf(256)).toBe("Run 2");
  });

  it("gives up after three retries and answers the last failure", async () => {
    let runs = 0;
    const attempt = withTransactionRetry(handle.db, async () => {
      runs += 1;
      throw driverError("40P01");
    });
    await expect(attempt).rejects.toMatchObject({ cause: { code: "40P01" } });
    expect(runs).toBe(4);
  });

  it("does not run again a transaction refused by a rule", async () => {
    let runs = 0;
    const attempt = withTransactionRetry(handle.db, async () => {
      runs += 1;
      throw errors.referenceNotUnique();
    });
    await expect(attempt).rejects.toMatchObject({ code: "not_unique" });
    expect(runs).toBe(1);
  });

  it("gets both of two transactions that lock the same rows in opposite order through", async () => {
    const [first, second] = (await handle.db.select({ id: customers.id }).from(customers).limit(2)).map((row) => row.id) as [
      number,
      number,
    ];
    let retries = 0;
    // Each locks one row, pauses so that the other can lock its own, then
    // wants the other's: PostgreSQL aborts one of them (40P01) after its
    // deadlock_timeout. PGlite has one connection and runs them in turn.
    const rename = (lockFirst: number, lockSecond: number, name: string) =>
      withTransactionRetry(
        handle.db,
        async (tx) => {
          await tx.update(customers).set({ name }).where(eq(customers.id, lockFirst));
          await sleep(200);
          await tx.update(customers).set({ name }).where(eq(customers.id, lockSecond));
        },
        { onRetry: () => (retries += 1) },
      );
    await Promise.all([rename(first, second, "Deadlock A"), rename(second, first, "Deadlock B")]);

    expect(retries).toBe(testDatabaseKind === "postgres" ? 1 : 0);
    // the retried one committed last, on both rows
    expect(await nameOf(first)).toBe(await nameOf(second));
  });
});
