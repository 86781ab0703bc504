/**
 * A fresh, migrated database for one test file: in-memory PGlite by default,
 * or a throwaway database on the PostgreSQL server of `DATABASE_URL`, dropped
 * when the test file is done. Suites run on both (`.ci/run` does).
 *
 * With `REQUIRE_DATABASE_URL=1` a missing `DATABASE_URL` is an error, so a
 * run meant for the server can never silently fall back to PGlite.
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

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (env.requireDatabaseUrl && !env.databaseUrl) {
    throw new Error("REQUIRE_DATABASE_URL=1 but DATABASE_URL is not set: the PostgreSQL suites cannot run.");
  }
  if (!env.databaseUrl) {
    return createDatabase({ migrationsFolder: env.migrationsFolder, onStatement: options.onStatement });
  }

  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(env.databaseUrl);
  url.pathname = `/${name}`;
  await migratePostgresDatabase(url.toString(), env.migrationsFolder);
  const handle = await createDatabase({ url: url.toString(), maxConnections: TEST_POOL_CONNECTIONS, onStatement: options.onStatement });
  return {
    ...handle,
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
