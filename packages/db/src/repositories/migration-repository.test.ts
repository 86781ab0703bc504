import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Database, DatabaseHandle } from "../client";
import { env } from "../env";
import { readCommittedMigrations } from "../migrations";
import { createTestDatabase } from "../testing";
import { findUnappliedMigrations } from "./migration-repository";

const committed = readCommittedMigrations(env.migrationsFolder);
const last = committed.at(-1)!;

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

class RolledBack extends Error {}

/** Runs `check` on the database changed by `change`, then undoes the change. */
async function withChange(change: (tx: Database) => Promise<unknown>, check: (tx: Database) => Promise<void>): Promise<void> {
  const outcome = handle.db.transaction(async (tx) => {
    await change(tx);
    await check(tx);
    throw new RolledBack();
  });
  await expect(outcome).rejects.toBeInstanceOf(RolledBack);
}

describe("findUnappliedMigrations", () => {
  it("finds none on a database migrated with the committed folder", async () => {
    expect(committed.length).toBeGreaterThan(1);
    expect(await findUnappliedMigrations(handle.db, committed)).toEqual([]);
  });

  it("names the last migration when its record is missing", async () => {
    await withChange(
      (tx) => tx.execute(sql`delete from drizzle.__drizzle_migrations where created_at = ${last.folderMillis}`),
      async (tx) => expect(await findUnappliedMigrations(tx, committed)).toEqual([last.tag]),
    );
  });

  it("names a migration of the build that the database does not have, but not one the database has beyond the build", async () => {
    const newer = { tag: "9999_from_a_newer_build", folderMillis: last.folderMillis + 1 };
    expect(await findUnappliedMigrations(handle.db, [...committed, newer])).toEqual([newer.tag]);
    expect(await findUnappliedMigrations(handle.db, committed.slice(0, -1))).toEqual([]);
  });

  it("names every migration on a database never migrated", async () => {
    await withChange(
      (tx) => tx.execute(sql`drop schema drizzle cascade`),
      async (tx) => expect(await findUnappliedMigrations(tx, committed)).toEqual(committed.map((migration) => migration.tag)),
    );
  });
});
