/**
 * The one database client factory.
 *
 * - `url` set: PostgreSQL through `postgres` (postgres.js).
 * - `url` unset: embedded PGlite, stored in `dataDir`, or in memory when
 *   `dataDir` is unset (tests). The embedded database migrates itself when it
 *   is created, so the zero-setup path needs no separate step.
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
}

/** Where the embedded database lives inside the project's data folder. */
export function embeddedDatabaseDir(dataDir: string): string {
  return path.join(dataDir, "pglite");
}

export async function createDatabase(options: CreateDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const sql = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres({ client: sql, schema }) as unknown as Database;
    return { db, kind: "postgres", close: () => sql.end({ timeout: 5 }) };
  }

  if (options.dataDir) await mkdir(path.dirname(options.dataDir), { recursive: true });
  // pg_trgm backs the customer search indexes (migration 0002)
  const client = new PGlite({ dataDir: options.dataDir, extensions: { pg_trgm } });
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  if (options.migrationsFolder) {
    await migratePglite(drizzlePglite({ client, schema }), { migrationsFolder: options.migrationsFolder });
  }
  return { db, kind: "pglite", close: () => client.close() };
}

/** Applies the committed migrations to a PostgreSQL server (`pnpm db:migrate`). */
export async function migratePostgresDatabase(url: string, migrationsFolder: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migratePostgres(drizzlePostgres({ client: sql }), { migrationsFolder });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export { schema };
