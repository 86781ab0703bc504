/**
 * Which committed migrations a database has applied, as Drizzle's migrator
 * recorded them (`drizzle.__drizzle_migrations`: one row per migration, its
 * journal `when` as `created_at`). The readiness check of the web app asks it.
 *
 * The table is Drizzle's, not ours: it is declared here, outside `schema.ts`,
 * so that drizzle-kit never generates a migration for it.
 */
import { bigint, integer, pgSchema, text } from "drizzle-orm/pg-core";

import type { Database } from "../client";
import { isUndefinedTable } from "../errors";
import type { CommittedMigration } from "../migrations";

const drizzleMigrations = pgSchema("drizzle").table("__drizzle_migrations", {
  id: integer("id").primaryKey(),
  hash: text("hash").notNull(),
  createdAt: bigint("created_at", { mode: "number" }),
});

/**
 * The tags of the committed migrations that the database has not applied,
 * oldest first; none when it is up to date. A migration counts as applied
 * when its `when` is recorded, the key Drizzle's migrator goes by (the hash
 * is not compared: Drizzle does not, and a checkout with other line endings
 * changes it). Migrations the database has and `committed` lacks (a newer
 * build migrated it first, during a rolling deployment) are not missing.
 * A database never migrated has no table yet: everything is missing.
 */
export async function findUnappliedMigrations(db: Database, committed: readonly CommittedMigration[]): Promise<string[]> {
  let applied: { createdAt: number | null }[];
  try {
    applied = await db.select({ createdAt: drizzleMigrations.createdAt }).from(drizzleMigrations);
  } catch (error) {
    if (!isUndefinedTable(error)) throw error;
    applied = [];
  }
  const recorded = new Set(applied.map((row) => row.createdAt));
  return committed.filter((migration) => !recorded.has(migration.folderMillis)).map((migration) => migration.tag);
}
