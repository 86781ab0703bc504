/**
 * A fresh, migrated database for one test file: in-memory PGlite by default,
 * or a throwaway database on the PostgreSQL server of `DATABASE_URL`, dropped
 * when the test file is done. Suites run on both (`.ci/run` does).
 *
 * With `REQUIRE_DATABASE_URL=1` a missing `DATABASE_URL` is an error, so a
 * run meant for the server can never silently fall back to PGlite.
 *
 * Behind a transaction pooler (`DATABASE_PREPARED_STATEMENTS=false`, `.ci/run`
 * runs some suites so), the test's pool goes through `DATABASE_URL` as the
 * app's does, while creating, migrating and dropping the database take the
 * direct session of `DATABASE_DIRECT_URL` (when set), as `pnpm db:migrate` does.
 */
import { randomBytes } from "node:crypto";

import postgres from "postgres";

import { createDatabase, type DatabaseHandle, migratePostgresDatabase } from "./client";
import { env } from "./env";

export const testDatabaseKind: "postgres" | "pglite" = env.databaseUrl ? "postgres" : "pglite";

/** Connections of a test database's pool on a PostgreSQL server. */
export const TEST_POOL_CONNECTIONS = 8;

export interface TestDatabaseOptions {
  /** Told every statement the driver sends (see `createDatabase`). */
  onStatement?: (text: string) => void;
}

export interface TestDatabase extends DatabaseHandle {
  /** The database's connection string on the server (`DATABASE_URL`'s, with its name); unset on PGlite. */
  url?: string;
  /** The same database through `DATABASE_DIRECT_URL` (`url` without it); unset on PGlite. */
  directUrl?: string;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  if (env.requireDatabaseUrl && !env.databaseUrl) {
    throw new Error("REQUIRE_DATABASE_URL=1 but DATABASE_URL is not set: the PostgreSQL suites cannot run.");
  }
  if (!env.databaseUrl) {
    return createDatabase({ migrationsFolder: env.migrationsFolder, onStatement: options.onStatement });
  }

  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(env.sessionUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(env.databaseUrl, name);
  const directUrl = withDatabase(env.sessionUrl!, name);
  await migratePostgresDatabase(directUrl, env.migrationsFolder);
  const handle = await createDatabase({
    url,
    maxConnections: TEST_POOL_CONNECTIONS,
    preparedStatements: env.preparedStatements,
    onStatement: options.onStatement,
  });
  return {
    ...handle,
    url,
    directUrl,
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
