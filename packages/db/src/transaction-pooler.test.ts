/**
 * The pool behind a transaction pooler: a real PgBouncer (Debian's 1.18) in
 * `pool_mode = transaction` in front of the server of the suite, with fewer
 * server connections than the pool has clients, so that the statements of one
 * client land on several server connections. PgBouncer refuses a startup
 * parameter it does not know (the pool's session timeout was one), and a
 * statement prepared by name on one server connection is missing on the next
 * (or, prepared again, already there). Only a PostgreSQL server can sit
 * behind PgBouncer, so vitest.config.ts includes this file only there.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabase, type DatabaseHandle } from "./client";
import { env } from "./env";
import { prebuiltStatement, rowsOf } from "./prebuilt-query";
import { findCustomerView, findUserBySessionToken } from "./repositories";
import { seedDemoData } from "./seed";
import { createTestDatabase, type TestDatabase } from "./testing";
import { type Pgbouncer, startPgbouncer } from "./testing-pgbouncer";

/** Server connections PgBouncer opens for the test database: fewer than the pool's. */
const SERVER_CONNECTIONS = 2;
const POOL_CONNECTIONS = 8;

let pooler: Pgbouncer;
let database: TestDatabase;
let pooled: DatabaseHandle;
let customerId: number;

const sessionOfStatement = prebuiltStatement<{ pid: number; xid: string }>(
  "test_pooler_session",
  () => sql`select pg_backend_pid() as pid, pg_current_xact_id()::text as xid, ${sql.placeholder("marker")}::text as marker`,
);

beforeAll(async () => {
  pooler = await startPgbouncer(env.sessionUrl!, { poolSize: SERVER_CONNECTIONS });
  database = await createTestDatabase();
  await seedDemoData(database.db, { adminPassword: "pooler-password" });
  const [row] = rowsOf<{ id: number }>(await database.db.execute(sql`select min(id)::int as id from customers where organization_id = 1`));
  customerId = row!.id;
  const name = new URL(database.url!).pathname.slice(1);
  pooled = await createDatabase({ url: pooler.url(name), maxConnections: POOL_CONNECTIONS, preparedStatements: false });
});

afterAll(async () => {
  await pooled?.close();
  await database?.close();
  await pooler?.stop();
});

describe("the pool behind PgBouncer in transaction mode (preparedStatements: false)", () => {
  it("runs the hot paths' prebuilt statements from more clients than there are server connections", async () => {
    const answers = await Promise.all(
      Array.from({ length: 120 }, (_, index) =>
        index % 2 === 0
          ? findCustomerView(pooled.db, { organizationId: 1, lookup: { id: customerId } }).then((view) => view?.id)
          : findUserBySessionToken(pooled.db, `no-such-token-${index}`, new Date()).then((user) => user ?? "no user"),
      ),
    );
    expect(answers).toEqual(answers.map((_, index) => (index % 2 === 0 ? customerId : "no user")));
  });

  it("keeps a transaction's statements on one server connection, inside the transaction", async () => {
    const transactions = await Promise.all(
      Array.from({ length: 16 }, (_, index) =>
        pooled.db.transaction(async (tx) => {
          const [first] = await sessionOfStatement(tx, { marker: `first ${index}` });
          await new Promise((resolve) => setTimeout(resolve, 5));
          const [second] = await sessionOfStatement(tx, { marker: `second ${index}` });
          return [first, second];
        }),
      ),
    );
    for (const [first, second] of transactions) {
      expect(second).toMatchObject({ pid: first!.pid, xid: first!.xid });
    }
  });

  it("leaves no prepared statement on the server connections it shares with other clients", async () => {
    await Promise.all(Array.from({ length: 40 }, () => findCustomerView(pooled.db, { organizationId: 1, lookup: { id: customerId } })));
    // each of the server connections, busy at once, asked what its session keeps
    const kept = await Promise.all(
      Array.from({ length: SERVER_CONNECTIONS }, () =>
        pooled.db.transaction(async (tx) => {
          await tx.execute(sql`select pg_sleep(0.1)`);
          const [row] = rowsOf<{ statements: number }>(await tx.execute(sql`select count(*)::int as statements from pg_prepared_statements`));
          return row!.statements;
        }),
      ),
    );
    expect(kept).toEqual(kept.map(() => 0));
  });
});

describe("the pool on a direct session", () => {
  it("still ends a session left idle in a transaction after a minute, set when it connects", async () => {
    const [row] = rowsOf<{ timeout: string }>(await database.db.execute(sql`select current_setting('idle_in_transaction_session_timeout') as timeout`));
    expect(row!.timeout).toBe("1min");
  });
});
