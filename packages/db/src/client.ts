/**
 * The one database client factory.
 *
 * - `url` set: PostgreSQL through `postgres` (postgres.js).
 * - `url` unset: embedded PGlite, stored in `dataDir`, or in memory when
 *   `dataDir` is unset (tests). The embedded database migrates itself when it
 *   is created, so the zero-setup path needs no separate step.
 * - The folder of an embedded database is opened by one process only, its
 *   holder, which serves it to the others over the PostgreSQL protocol
 *   (`embedded/`): a second opener connects to the holder, or is refused
 *   with a message naming it (`whenHeld`).
 *
 * The migrations folder is always passed in explicitly: resolving it with
 * `import.meta.url` inside a package that Next transpiles breaks Turbopack.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

import { acquireHolderLock, type HolderRecord, readHolderRecord } from "./embedded/holder-lock";
import { startSharedServer } from "./embedded/shared-server";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Either driver, or a transaction of either: repositories accept all of them. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** PostgreSQL connection string; unset means embedded PGlite. */
  url?: string;
  /** Folder of the embedded database; unset means in memory. */
  dataDir?: string;
  /** Folder of the committed drizzle-kit migrations; applied on creation of the embedded database. */
  migrationsFolder?: string;
  /** Size of the postgres.js connection pool. */
  maxConnections?: number;
  /**
   * `false` when `url` is a transaction pooler (PgBouncer `pool_mode =
   * transaction`): see `postgresOptions`. Default `true`.
   */
  preparedStatements?: boolean;
  /**
   * Embedded database held by another process: `connect` to it through the
   * holder (tools: the CLI, migrate, seed), or `refuse` with
   * `EmbeddedDatabaseBusyError` (the app: a second app on one folder would
   * depend on the first staying up). Default `connect`.
   */
  whenHeld?: "connect" | "refuse";
  /** What this process is, named to whoever finds the folder held ("the app", "pnpm cli"). */
  holderName?: string;
  /**
   * Told the text of every SQL statement the driver sends, BEGIN and COMMIT
   * included (tests count what one request costs). PostgreSQL and in-memory
   * PGlite only.
   */
  onStatement?: (text: string) => void;
}

/** The embedded database folder is held by another process, which `whenHeld: "refuse"` does not share. */
export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly databaseDir: string,
    readonly holder: HolderRecord,
  ) {
    super(
      `The embedded database in ${databaseDir} is in use by ${holder.holder} (process ${holder.pid}, since ${holder.startedAt}). ` +
        "Stop that process first, use another DATA_DIR, or run against a PostgreSQL server (DATABASE_URL).",
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

/** Where the embedded database lives inside the project's data folder. */
export function embeddedDatabaseDir(dataDir: string): string {
  return path.join(dataDir, "pglite");
}

export async function createDatabase(options: CreateDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const onStatement = options.onStatement;
    const sql = postgres(options.url, {
      ...postgresOptions(options.maxConnections, options.preparedStatements ?? true),
      ...(onStatement && { debug: (_connection: number, text: string) => onStatement(text) }),
    });
    const db = drizzlePostgres({ client: sql, schema }) as unknown as Database;
    return { db, kind: "postgres", close: () => sql.end({ timeout: 5 }) };
  }

  if (!options.dataDir) {
    const opened = await openPglite(undefined, options.migrationsFolder);
    if (options.onStatement) observeStatements(opened.client, options.onStatement);
    return opened;
  }
  return openEmbeddedDatabase({ ...options, dataDir: options.dataDir });
}

async function openPglite(dataDir: string | undefined, migrationsFolder: string | undefined) {
  // pg_trgm backs the customer search indexes (migration 0002)
  const client = new PGlite({ dataDir, extensions: { pg_trgm } });
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  if (migrationsFolder) await migratePglite(drizzlePglite({ client, schema }), { migrationsFolder });
  return { client, db, kind: "pglite" as const, close: () => client.close() };
}

const PARSE_MESSAGE = 0x50; // "P": a statement of the extended protocol
const QUERY_MESSAGE = 0x51; // "Q": a simple query (PGlite's BEGIN, COMMIT)

/** PGlite sends each statement through `execProtocolStream`, as a Parse or a Query message. */
function observeStatements(client: PGlite, onStatement: (text: string) => void): void {
  const send = client.execProtocolStream.bind(client);
  const decoder = new TextDecoder();
  const textAt = (message: Uint8Array, start: number) => decoder.decode(message.subarray(start, message.indexOf(0, start)));
  client.execProtocolStream = (message, options) => {
    // after the type byte and the length: a Query's text; a Parse's statement name, then its text
    if (message[0] === QUERY_MESSAGE) onStatement(textAt(message, 5));
    if (message[0] === PARSE_MESSAGE) onStatement(textAt(message, message.indexOf(0, 5) + 1));
    return send(message, options);
  };
}

/** How long a tool waits for a holder that is still starting (migrating) to listen. */
const HOLDER_START_TIMEOUT_MS = 30_000;

async function openEmbeddedDatabase(options: CreateDatabaseOptions & { dataDir: string }): Promise<DatabaseHandle> {
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  const outcome = await acquireHolderLock(options.dataDir, options.holderName ?? describeProcess());
  if (!outcome.acquired) {
    if (options.whenHeld === "refuse") throw new EmbeddedDatabaseBusyError(options.dataDir, outcome.holder);
    return connectToHolder(options.dataDir, outcome.holder, options.migrationsFolder);
  }

  const { lock } = outcome;
  try {
    const opened = await openPglite(options.dataDir, options.migrationsFolder);
    const shared = await startSharedServer(opened.client);
    lock.announcePort(shared.port);
    return {
      db: opened.db,
      kind: "pglite",
      async close() {
        await shared.stop();
        await opened.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** A tool's session on the holder's database, through its PostgreSQL-protocol server. */
async function connectToHolder(
  databaseDir: string,
  found: HolderRecord,
  migrationsFolder: string | undefined,
): Promise<DatabaseHandle> {
  let holder: HolderRecord | undefined = found;
  const deadline = Date.now() + HOLDER_START_TIMEOUT_MS;
  while (holder?.port == null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    holder = readHolderRecord(databaseDir);
  }
  if (holder?.port == null) throw new EmbeddedDatabaseBusyError(databaseDir, holder ?? found);

  // One connection, unnamed statements: the holder's single PGlite session is
  // shared, and a named statement would outlive this process in it.
  const sql = postgres({ host: "127.0.0.1", port: holder.port, user: "postgres", database: "postgres", max: 1, prepare: false, onnotice: () => {} });
  const db = drizzlePostgres({ client: sql, schema }) as unknown as Database;
  // no lock needed: the holder migrated the folder before it served it (see migrations.ts)
  if (migrationsFolder) await migratePostgres(drizzlePostgres({ client: sql }), { migrationsFolder });
  return { db, kind: "pglite", close: () => sql.end({ timeout: 5 }) };
}

function describeProcess(): string {
  return process.argv.slice(1, 3).map((part) => path.basename(part)).join(" ") || "another process";
}

/**
 * The app's postgres.js pool, set up to live through a PostgreSQL outage: while
 * the server is down a request fails within seconds (the contract's 500), and
 * once it is back the pool serves again within a second or so. Measured with
 * a real server stopped and started under load (apps/web/test/postgres-restart.test.ts);
 * the pool's own bug in the same situation is fixed in patches/postgres@3.4.9.patch.
 */
function postgresOptions(maxConnections = 10, preparedStatements = true): postgres.Options<Record<string, postgres.PostgresType>> {
  // postgres.js reads `max_pipeline` without declaring it in its types
  const options: postgres.Options<Record<string, postgres.PostgresType>> & { max_pipeline: number } = {
    max: maxConnections,
    // No statement queued behind a running one: a statement waits for a free
    // connection, in one queue for the pool, instead of being sent behind the
    // statements of other requests on a busy one (postgres.js's default, up to
    // 100). A slow statement (the pending list of a GIN index merged by a
    // write, a broad search, a row lock's wait) then holds up only its own
    // request. A transaction's BEGIN still goes out with its first statement.
    // Measured in BENCHMARKS.md (sixth session): the same throughput at 16
    // connections, a far shorter tail at 1,000,000 customers, and at 256
    // connections less throughput for a shorter tail.
    max_pipeline: 0,
    onnotice: () => {},
    // a server that does not answer fails a connection attempt after 5 s, not 30 s
    connect_timeout: 5,
    // postgres.js waits 3^n/100 s (up to 20 s) before each new attempt after a
    // failed one, so a 10 s outage made requests wait 17 s, and the first ones
    // after the restart too: double from 50 ms instead, capped at 1 s, jittered
    backoff: (retries) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
    // connections left idle by a burst are closed rather than kept until an
    // outage or a network device silently breaks them
    idle_timeout: 60,
  };
  if (!preparedStatements) return { ...options, ...behindTransactionPooler };
  return {
    ...options,
    connection: {
      // a client gone silent inside a transaction loses its session, and its
      // row and advisory locks, instead of blocking other requests for good
      idle_in_transaction_session_timeout: 60_000,
    },
  };
}

/**
 * Behind a transaction pooler (PgBouncer `pool_mode = transaction`, as managed
 * PostgreSQL offers put in front of their servers), each transaction, and each
 * statement outside one, may run on another server connection, which other
 * clients use in between. So the pool keeps nothing in a session:
 * - every statement goes unnamed (`prepare: false` overrides the `prepare` of
 *   each query, the prebuilt ones of prebuilt-query.ts included): a statement
 *   prepared by name on one server connection is missing on the next, and one
 *   left behind is another client's;
 * - no setting at connect: PgBouncer refuses a startup parameter it does not
 *   know ("unsupported startup parameter"). The session timeout above belongs
 *   to the pooler then (PgBouncer's `idle_transaction_timeout`) and to the
 *   server's role (`ALTER ROLE ... SET idle_in_transaction_session_timeout`;
 *   README, "Behind a transaction pooler").
 * Session locks, LISTEN and the migrations take a direct session instead
 * (DATABASE_DIRECT_URL, migrations.ts). The price: the server parses and
 * plans every statement, the customer's wide select included, and postgres.js
 * asks for a statement's parameter types in a round trip of its own before
 * running it (BENCHMARKS.md, "Behind PgBouncer").
 */
const behindTransactionPooler = { prepare: false } as const;

// for `pnpm db:migrate` and the tests, which import it from here; see migrations.ts
export { migratePostgresDatabase } from "./migrations";

export { schema };
