/**
 * One embedded database folder, several processes: the holder serves it, the
 * others connect to it or are refused, and a killed holder is replaced by the
 * next opener. The second processes are real ones (`fixtures/open-database.ts`).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { createDatabase, type DatabaseHandle, EmbeddedDatabaseBusyError } from "../client";
import { env } from "../env";
import { lockFilePath } from "./holder-lock";

const run = promisify(execFile);
const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures/open-database.ts");
// `node --import tsx` runs the script in this very process (the tsx CLI would
// add a parent process, and killing that would leave the holder running)
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

let workDir: string;
let databaseDir: string;
const opened: DatabaseHandle[] = [];
const children: ChildProcess[] = [];

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "cr-embedded-"));
  databaseDir = path.join(workDir, "pglite");
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const handle of opened.splice(0)) await handle.close();
  await rm(workDir, { recursive: true, force: true });
});

async function open(options: { whenHeld?: "connect" | "refuse" } = {}) {
  const handle = await createDatabase({ dataDir: databaseDir, migrationsFolder: env.migrationsFolder, holderName: "the test", ...options });
  opened.push(handle);
  return handle;
}

/** A process holding the folder and writing in it until SIGTERM. */
function startHolder(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", tsx, fixture, databaseDir, env.migrationsFolder, "hold"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("opened")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`the holder exited with ${code}`)));
  });
}

async function count(handle: DatabaseHandle, table: string): Promise<number> {
  const result = (await handle.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as
    | { n: number }[]
    | { rows: { n: number }[] };
  return Array.isArray(result) ? result[0]!.n : result.rows[0]!.n;
}

// each test starts PGlite on disk in one or two processes: seconds each, more on a busy machine
describe("an embedded database folder shared by processes", { timeout: 120_000 }, () => {
  it("lets another process work through the holder without ever interleaving their transactions", async () => {
    const holder = await startHolder();
    const { stdout } = await run(process.execPath, ["--import", tsx, fixture, databaseDir, env.migrationsFolder, "write", "40"]);
    expect(stdout).toContain("closed");
    expect(stdout).not.toContain("unbalanced");
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    holder.kill("SIGTERM");
    await exited;

    const handle = await open();
    const rows = (await handle.db.execute(sql`select count(*)::int as n, coalesce(sum(n), 0)::int as sum from balance_check`)) as unknown as
      { rows: { n: number; sum: number }[] };
    expect(rows.rows[0]!.sum).toBe(0);
    // the tool's 40 pairs are there beside the holder's
    expect(rows.rows[0]!.n).toBeGreaterThan(80);
  });

  it("refuses a second holder at once, naming the process that holds the folder", async () => {
    await open();
    const refused = open({ whenHeld: "refuse" });
    await expect(refused).rejects.toBeInstanceOf(EmbeddedDatabaseBusyError);
    await expect(refused).rejects.toThrow(`in use by the test (process ${process.pid}`);
  });

  it("is taken over without manual steps after its holder was killed, with its data", async () => {
    const holder = await startHolder();
    await new Promise((resolve) => setTimeout(resolve, 500));
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    expect(existsSync(lockFilePath(databaseDir))).toBe(true);

    const handle = await open({ whenHeld: "refuse" });
    expect(await count(handle, "balance_check")).toBeGreaterThan(0);
    expect(await count(handle, "customers")).toBe(0);
  });

  it("removes its lock when it closes", async () => {
    const handle = await open();
    expect(existsSync(lockFilePath(databaseDir))).toBe(true);
    opened.splice(opened.indexOf(handle), 1);
    await handle.close();
    expect(existsSync(lockFilePath(databaseDir))).toBe(false);
  });
});
