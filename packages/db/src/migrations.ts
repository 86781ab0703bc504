/**
 * The committed migrations (drizzle-kit's folder) and how they reach a
 * PostgreSQL server.
 *
 * Several instances deployed together each run `pnpm db:migrate` before they
 * start. Drizzle's migrator reads the last applied migration, then applies
 * the newer ones in a transaction: two processes on an empty database both
 * read "none" and both create the same tables, and one fails (about one try
 * in two with four processes; `scripts/migrate-concurrently.test.ts`). So the
 * migrator runs under a session advisory lock: the first process migrates,
 * the others wait for the lock, then find nothing left to do.
 *
 * The embedded database needs no lock: one process only, its holder, opens
 * the folder and migrates it before it serves it to the others
 * (`embedded/holder-lock.ts`); a tool that connects to the holder finds it
 * migrated, and the holder's single session runs one transaction at a time.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

/**
 * Key of the session advisory lock around the migrator ("migr" in ASCII).
 * One-key locks do not meet the two-key ones of the customer tree; the seed's
 * one-key lock is 0x5eed.
 */
export const MIGRATION_LOCK_KEY = 0x6d696772;

/** A migration of the folder, as Drizzle's migrator records it: by its journal's `when`. */
export interface CommittedMigration {
  tag: string;
  /** The journal's `when`, stored as `created_at` in `drizzle.__drizzle_migrations`. */
  folderMillis: number;
}

/** The migrations of the folder, oldest first, from its journal (`meta/_journal.json`). */
export function readCommittedMigrations(migrationsFolder: string): CommittedMigration[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string; when: number }[];
  };
  return journal.entries.map((entry) => ({ tag: entry.tag, folderMillis: entry.when }));
}

/**
 * The session that migrations run on: one connection only, so that the
 * session lock and every statement of the migrator share it. `url` must be a
 * session of its own on the server, never a transaction pooler, where the lock
 * would stay behind on a server connection handed to other clients:
 * `pnpm db:migrate` passes DATABASE_DIRECT_URL when set (scripts/migrate.ts).
 */
function openMigrationSession(url: string): postgres.Sql {
  return postgres(url, { max: 1, onnotice: () => {} });
}

/** Applies the committed migrations to a PostgreSQL server (`pnpm db:migrate`), one process at a time. */
export async function migratePostgresDatabase(url: string, migrationsFolder: string): Promise<void> {
  const sql = openMigrationSession(url);
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY}::bigint)`;
    try {
      await migrate(drizzle({ client: sql }), { migrationsFolder });
    } finally {
      // Ending the session releases it too; unlocked first, so that a waiting
      // process goes on at once. A session already lost has no lock left to
      // release, and its error must not hide the migrator's.
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY}::bigint)`.catch(() => undefined);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
