/**
 * A transaction's connection under load: postgres.js 3.4.9 could send a
 * transaction's BEGIN without reserving its connection (upstream issues
 * #823 and #1189). When BEGIN filled the connection's pipeline, or the socket
 * asked to wait, the reservation was skipped: the transaction failed with
 * UNSAFE_TRANSACTION (a 500 for an update under 256 connections in
 * `pnpm bench:api`), while the server kept the transaction open and the pool
 * gave the connection to other queries, which then ran inside it. And a socket
 * that drained between two statements of a transaction handed its reserved
 * connection back to the pool. patches/postgres@3.4.9.patch fixes both.
 *
 * The reproduction: a pool of 3 connections with pipelines of 2, each busy with
 * a slow query and one more behind it, then transactions sent at once, so
 * that a BEGIN is the query that fills a connection's pipeline; repeated. Only a PostgreSQL
 * server pipelines, so vitest.config.ts includes this file only there.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";


const ROUNDS = 20;

let sql: postgres.Sql;

// no table is needed: the server's own database will do
beforeAll(() => {
  // `max_pipeline` is an option of postgres.js that its types do not declare
  const options = { max: 3, max_pipeline: 2, onnotice: () => {} };
  sql = postgres(process.env.DATABASE_URL!, options);
});

afterAll(async () => {
  await sql?.end({ timeout: 5 });
});

describe("a transaction's connection under load", () => {
  it("is the transaction's alone: every BEGIN reserves it, nothing else runs inside", { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // sent now (a query is sent when first awaited), before the transactions below
      const busy = [0, 1, 2].map(() => sql`select pg_sleep(0.2)`.execute());
      // one behind each busy query: the next query to each connection fills its pipeline of 2
      const plain = Array.from({ length: 3 }, (_, index) => sql`select ${index}::int as n, txid_current_if_assigned() as tx`.execute());
      await new Promise((resolve) => setImmediate(resolve));
      const transactions = Array.from({ length: 5 }, (_, index) =>
        sql.begin(async (tx) => {
          const [row] = await tx`select ${index}::int as n, txid_current() as tx`;
          await new Promise((resolve) => setTimeout(resolve, 5));
          const [again] = await tx`select txid_current() as tx`;
          return [row!.tx, again!.tx];
        }),
      );
      const outcomes = await Promise.allSettled([...busy, ...plain, ...transactions]);
      for (const outcome of outcomes) {
        if (outcome.status === "rejected") failures.push(String((outcome.reason as Error).message));
      }
      // a plain query that ran inside someone's transaction sees a transaction id assigned
      for (const result of await Promise.all(plain)) {
        if (result[0]!.tx !== null) failures.push(`a plain query ran inside transaction ${result[0]!.tx}`);
      }
      for (const result of (await Promise.allSettled(transactions)).filter((outcome) => outcome.status === "fulfilled")) {
        const [first, second] = (result as PromiseFulfilledResult<unknown[]>).value;
        if (first !== second) failures.push(`a transaction saw two ids: ${first} and ${second}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
