/**
 * An all-or-nothing import holds a handful of PostgreSQL's lock table entries,
 * whatever its size. Each savepoint that writes holds an entry (its
 * transaction id) until the commit, from a table shared by the whole server
 * (max_locks_per_transaction x max_connections, 6,400 by default): with one
 * savepoint per row, files past about that many rows failed with "out of
 * shared memory" and could not be applied all or nothing. The import now
 * holds a savepoint per chunk of rows. Counted on a PostgreSQL server, from
 * another connection, while the import's transaction runs.
 */
import { findUserForLogin } from "@cr/db/repositories";
import { seedBulkCustomers } from "@cr/db/seed";
import { testDatabaseKind } from "@cr/db/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { applyCustomerImport } from "~/server/services/apply-customer-import";
import type { CustomerImportOutcome } from "~/server/services/customer-import-outcome";
import { readCustomerImport } from "~/server/services/read-customer-import";

import { startTestServer, type TestServer } from "../support/test-server";

const ROWS = 2_000;

let server: TestServer;

beforeAll(async () => {
  if (testDatabaseKind === "postgres") server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe.runIf(testDatabaseKind === "postgres")("an all-or-nothing import and PostgreSQL's lock table", () => {
  it("holds a lock per chunk of rows, not per row", { timeout: 120_000 }, async () => {
    const db = server.deps.db;
    await seedBulkCustomers(db, { organizationId: 1, count: ROWS, prefix: "ATOMIC", categoryIds: [2, 3, 4], currency: "USD" });
    const references = Array.from({ length: ROWS }, (_, index) => `ATOMIC-${String(index + 1).padStart(6, "0")}`);
    const file = ["id,comment", ...references.map((reference) => `${reference},imported all or nothing`)].join("\n");
    const actor = (await findUserForLogin(db, "admin@entity1.test"))!;

    const observer = postgres(process.env.DATABASE_URL!, { max: 1 });
    const transactionLocks: number[] = [];
    const outcomes: CustomerImportOutcome[] = [];
    const progress: Promise<void>[] = [];
    try {
      await applyCustomerImport({
        deps: server.deps,
        actor,
        rows: () => readCustomerImport([file]),
        atomic: true,
        onOutcomes: (chunk) => outcomes.push(...chunk),
        // called inside the import's transaction after each chunk: the locks it holds then
        onProgress: () => {
          progress.push(
            observer<{ count: number }[]>`select count(*)::int as count from pg_locks where locktype = 'transactionid'`.then(
              ([row]) => void transactionLocks.push(row!.count),
            ),
          );
        },
      });
      await Promise.all(progress);
    } finally {
      await observer.end();
    }

    expect(outcomes.filter((outcome) => outcome.status !== "updated")).toEqual([]);
    expect(outcomes).toHaveLength(ROWS);
    expect(transactionLocks.length).toBeGreaterThanOrEqual(ROWS / 500);
    expect(Math.max(...transactionLocks)).toBeLessThan(100);
  });
});
