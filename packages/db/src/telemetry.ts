/**
 * What the app's telemetry needs to see of the database, without this package
 * knowing Prometheus or OpenTelemetry:
 *
 * - `poolStats`: what the postgres.js pool's connections are doing now, read
 *   when metrics are scraped. postgres.js keeps its queues to itself; the
 *   project's patch of it (patches/postgres@3.4.9.patch) adds `poolStats()`,
 *   which only reads their lengths.
 * - `withStatementTracing`: the same database, with every statement and
 *   transaction told to a `StatementTracing` as it starts and when it ends,
 *   so that the app can give each its span. Neither postgres.js nor PGlite
 *   has a hook for that (Drizzle's `drizzle-orm/tracing` is never switched
 *   on in 0.45), so the driver client is wrapped where Drizzle calls it:
 *   postgres.js's `unsafe`, `begin` and `savepoint`, PGlite's `query` and
 *   `transaction`. Only a process that traces takes the wrapped database;
 *   the other's statements go straight to the driver.
 */
import type { PGlite, Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type postgres from "postgres";

import type { Database } from "./client";
import * as schema from "./schema";

export interface PoolStats {
  /** The pool's size (DATABASE_POOL_SIZE). */
  max: number;
  /** Connections running a statement, held by a transaction, or being connected for the statement that opens them. */
  inUse: number;
  /** Of those in use, the ones still connecting. */
  connecting: number;
  idle: number;
  /** Statements waiting for a free connection. */
  waiting: number;
}

type PostgresClient = postgres.Sql & { poolStats?: () => PoolStats };

/** The driver client under a Drizzle database (Drizzle's `$client`). */
function clientOf(db: Database): unknown {
  return (db as unknown as { $client?: unknown }).$client;
}

function isPostgresClient(client: unknown): client is PostgresClient {
  return typeof client === "function" && typeof (client as Partial<postgres.Sql>).unsafe === "function";
}

/** The pool's state now; undefined for the embedded database, which has no pool. */
export function poolStats(db: Database): PoolStats | undefined {
  const client = clientOf(db);
  return isPostgresClient(client) ? client.poolStats?.() : undefined;
}

export interface StatementTracing {
  /**
   * A statement handed to the driver, its SQL text with placeholders (`$1`),
   * never the values: answers the function to call once it has settled, with
   * its error when it failed.
   */
  statement(text: string): (error?: unknown) => void;
  /** A transaction, or a savepoint inside one: `run` runs it, and its statements belong to it. */
  transaction<T>(run: () => Promise<T>): Promise<T>;
}

/** `db` with its statements and transactions told to `tracing` (see the top of the file). */
export function withStatementTracing(db: Database, tracing: StatementTracing): Database {
  const client = clientOf(db);
  if (isPostgresClient(client)) {
    return drizzlePostgres({ client: tracedPostgres(client, tracing), schema }) as unknown as Database;
  }
  return drizzlePglite({ client: tracedPglite(client as PGlite, tracing), schema }) as unknown as Database;
}

/**
 * The statement's span ends when its query settles. A postgres.js query runs
 * when it is first awaited; Drizzle awaits each one at once, so observing it
 * here starts it no earlier (its `.values()`, called right after, still
 * applies: the driver sends it a tick later).
 */
function tracedUnsafe(unsafe: postgres.Sql["unsafe"], tracing: StatementTracing): postgres.Sql["unsafe"] {
  return ((text: string, ...rest: never[]) => {
    const query = unsafe(text, ...rest);
    const done = tracing.statement(text);
    query.then(
      () => done(),
      (error: unknown) => done(error),
    );
    return query;
  }) as postgres.Sql["unsafe"];
}

type SavepointCallback = (sql: postgres.TransactionSql) => unknown;

function tracedPostgresTransaction(sql: postgres.TransactionSql, tracing: StatementTracing): postgres.TransactionSql {
  const unsafe = tracedUnsafe(sql.unsafe, tracing);
  const savepoint = (...args: unknown[]) => {
    const callback = args.pop() as SavepointCallback;
    return tracing.transaction(() =>
      (sql.savepoint as (...savepointArgs: unknown[]) => Promise<unknown>)(...args, (inner: postgres.TransactionSql) =>
        callback(tracedPostgresTransaction(inner, tracing)),
      ),
    );
  };
  return new Proxy(sql, {
    get: (target, property, receiver) =>
      property === "unsafe" ? unsafe : property === "savepoint" ? savepoint : Reflect.get(target, property, receiver),
  });
}

function tracedPostgres(sql: PostgresClient, tracing: StatementTracing): PostgresClient {
  const unsafe = tracedUnsafe(sql.unsafe, tracing);
  const begin = (...args: unknown[]) => {
    const callback = args.pop() as SavepointCallback;
    return tracing.transaction(() =>
      (sql.begin as (...beginArgs: unknown[]) => Promise<unknown>)(...args, (transaction: postgres.TransactionSql) =>
        callback(tracedPostgresTransaction(transaction, tracing)),
      ),
    );
  };
  return new Proxy(sql, {
    get: (target, property, receiver) =>
      property === "unsafe" ? unsafe : property === "begin" ? begin : Reflect.get(target, property, receiver),
  });
}

type PgliteQuery = PGlite["query"];

function tracedPgliteQuery(query: PgliteQuery, tracing: StatementTracing): PgliteQuery {
  return (async (text: string, ...rest: never[]) => {
    const done = tracing.statement(text);
    try {
      const result = await query(text, ...rest);
      done();
      return result;
    } catch (error) {
      done(error);
      throw error;
    }
  }) as PgliteQuery;
}

function tracedPglite(client: PGlite, tracing: StatementTracing): PGlite {
  const query = tracedPgliteQuery(client.query.bind(client), tracing);
  const transaction = <T>(callback: (tx: PgliteTransaction) => Promise<T>) =>
    tracing.transaction(() =>
      client.transaction((tx) => {
        const txQuery = tracedPgliteQuery(tx.query.bind(tx), tracing);
        return callback(new Proxy(tx, { get: (target, property) => (property === "query" ? txQuery : Reflect.get(target, property)) }));
      }),
    );
  // PGlite's methods reach its private fields through `this`: they are called on PGlite itself
  return new Proxy(client, {
    get(target, property) {
      if (property === "query") return query;
      if (property === "transaction") return transaction;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
