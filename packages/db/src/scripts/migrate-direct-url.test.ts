/**
 * `pnpm db:migrate` when DATABASE_URL is a transaction pooler
 * (`DATABASE_PREPARED_STATEMENTS=false`): the migrations' session lock holds
 * only on a session of its own, so the script migrates through
 * DATABASE_DIRECT_URL, and without it refuses rather than leave the lock on a
 * pooled server connection. The script run as a process on a real server:
 * vitest.config.ts includes this file only in the PostgreSQL suite.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { env } from "../env";

const run = promisify(execFile);
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsx = path.join(packageDir, "node_modules/.bin/tsx");
/** Nothing listens there: a script that connects to it fails. */
const UNREACHABLE_URL = "postgres://postgres@127.0.0.1:1/nowhere";

let admin: postgres.Sql;
const created: string[] = [];

beforeAll(() => {
  admin = postgres(env.sessionUrl!, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin?.end({ timeout: 5 });
});

async function emptyDatabase(): Promise<string> {
  const name = `test_migrate_${randomBytes(6).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  created.push(name);
  const url = new URL(env.sessionUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function migrateProcess(variables: Record<string, string>): Promise<{ code: number; output: string }> {
  const { DATABASE_URL: _url, DATABASE_DIRECT_URL: _direct, DATABASE_PREPARED_STATEMENTS: _prepared, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run(tsx, ["src/scripts/migrate.ts"], { cwd: packageDir, env: { ...inherited, ...variables } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

async function appliedMigrations(url: string): Promise<number> {
  const database = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [table] = await database<{ exists: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`;
    if (!table!.exists) return 0;
    const [row] = await database<{ count: number }[]>`select count(*)::int as count from drizzle.__drizzle_migrations`;
    return row!.count;
  } finally {
    await database.end({ timeout: 5 });
  }
}

describe("pnpm db:migrate behind a transaction pooler", () => {
  it("migrates through DATABASE_DIRECT_URL, never connecting to DATABASE_URL", async () => {
    const direct = await emptyDatabase();
    const outcome = await migrateProcess({ DATABASE_URL: UNREACHABLE_URL, DATABASE_DIRECT_URL: direct, DATABASE_PREPARED_STATEMENTS: "false" });
    expect(outcome.code, outcome.output).toBe(0);
    expect(await appliedMigrations(direct)).toBeGreaterThan(0);
  });

  it("refuses without DATABASE_DIRECT_URL, and changes nothing", async () => {
    const pooled = await emptyDatabase();
    const outcome = await migrateProcess({ DATABASE_URL: pooled, DATABASE_PREPARED_STATEMENTS: "false" });
    expect(outcome.code).toBe(1);
    expect(outcome.output).toContain("set DATABASE_DIRECT_URL");
    expect(await appliedMigrations(pooled)).toBe(0);
  });
});
