/**
 * Several instances deployed at once each run `pnpm db:migrate` before they
 * start: on an empty database one must migrate it and the others find nothing
 * left to do, none failing. Without a lock two of them both read "nothing
 * applied" and create the same schema and tables, and one fails (about one
 * try in two with four). Real processes of the script on a real server: only
 * the PostgreSQL suite has one, so vitest.config.ts includes this file only there.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { env } from "../env";

const run = promisify(execFile);
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsx = path.join(packageDir, "node_modules/.bin/tsx");

const ROUNDS = 10;
const PROCESSES = 4;

const journal = JSON.parse(readFileSync(path.join(env.migrationsFolder, "meta/_journal.json"), "utf8")) as {
  entries: { when: number }[];
};

let admin: postgres.Sql;
const created: string[] = [];

beforeAll(() => {
  admin = postgres(env.databaseUrl!, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin?.end({ timeout: 5 });
});

async function emptyDatabase(): Promise<string> {
  const name = `test_migrate_${randomBytes(6).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  created.push(name);
  const url = new URL(env.databaseUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `pnpm db:migrate` as the package script runs it; answers its exit code and output. */
async function migrateProcess(databaseUrl: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ["src/scripts/migrate.ts"], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

describe("pnpm db:migrate run by several instances at once", () => {
  it(
    `migrates an empty database once, every process exiting 0 (${ROUNDS} rounds of ${PROCESSES})`,
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const url = await emptyDatabase();
        const outcomes = await Promise.all(Array.from({ length: PROCESSES }, () => migrateProcess(url)));
        for (const outcome of outcomes) expect(outcome.code, `round ${round}:\n${outcome.output}`).toBe(0);

        const database = postgres(url, { max: 1, onnotice: () => {} });
        try {
          const applied = await database<{ created_at: string }[]>`select created_at from drizzle.__drizzle_migrations order by id`;
          expect(applied.map((row) => Number(row.created_at))).toEqual(journal.entries.map((entry) => entry.when));
        } finally {
          await database.end({ timeout: 5 });
        }
      }
    },
    ROUNDS * 60_000,
  );
});
