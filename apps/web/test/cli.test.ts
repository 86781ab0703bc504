/**
 * The admin command line, run as an operator runs it (`pnpm cli ...` is
 * `tsx src/cli/main.ts`), on an embedded database of its own.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { createDatabase, embeddedDatabaseDir } from "@cr/db/client";
import { findUserByApiToken, findUserForLogin, listAuditEvents } from "@cr/db/repositories";
import { seedDemoData } from "@cr/db/seed";
import { verifyPassword } from "@cr/db/secrets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { webDir } from "./support/built-app";

const run = promisify(execFile);
const migrationsFolder = path.resolve(webDir, "../../packages/db/migrations");
let dataDir: string;

async function cli(...args: string[]) {
  const { DATABASE_URL: _server, ...env } = process.env;
  return run(process.execPath, [path.join(webDir, "node_modules/tsx/dist/cli.mjs"), "src/cli/main.ts", ...args], {
    cwd: webDir,
    env: { ...env, DATA_DIR: dataDir },
  });
}

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof createDatabase>>["db"]) => Promise<T>): Promise<T> {
  const handle = await createDatabase({ dataDir: embeddedDatabaseDir(dataDir), migrationsFolder });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "cr-cli-"));
  await withDatabase((db) => seedDemoData(db, { adminPassword: "demo-password", customersPerOrganization: 1 }));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("pnpm cli", () => {
  it("creates a user and an API token that authenticates as that user", async () => {
    const created = await cli(
      "user:create", "--organization", "entity2", "--email", "ana@entity2.test",
      "--password", "s3cret-pass", "--reference", "emp-010",
    );
    expect(created.stdout).toContain("created in entity2");

    const issued = await cli("token:create", "--email", "ana@entity2.test", "--name", "ERP sync", "--days", "30");
    const token = issued.stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^[\w-]{43}$/);

    await withDatabase(async (db) => {
      const user = await findUserForLogin(db, "ana@entity2.test");
      expect(await verifyPassword("s3cret-pass", user!.passwordHash)).toBe(true);
      expect(await findUserByApiToken(db, token, new Date())).toMatchObject({
        email: "ana@entity2.test",
        organizationSlug: "entity2",
      });
      // stored hashed: the token itself is nowhere in the table
      expect(JSON.stringify(await db.query.apiTokens.findMany())).not.toContain(token);
    });

    const listed = await cli("token:list", "--email", "ana@entity2.test");
    const tokenId = listed.stdout.split("\t")[0]!;
    // a token made without --scope may write, as every token could before scopes
    expect(listed.stdout).toContain("active\twrite\tERP sync");
    expect((await cli("token:revoke", "--id", tokenId)).stdout).toContain("revoked");
    await withDatabase(async (db) => expect(await findUserByApiToken(db, token, new Date())).toBeUndefined());
  });

  it("gives a user a role and a token a scope, and records both in the audit log", async () => {
    const created = await cli(
      "user:create", "--organization", "entity2", "--email", "vic@entity2.test",
      "--password", "s3cret-pass", "--reference", "emp-011", "--role", "viewer",
    );
    expect(created.stdout).toContain("as viewer");
    const issued = await cli("token:create", "--email", "vic@entity2.test", "--name", "reader", "--scope", "read");
    const token = issued.stdout.trim().split("\n").at(-1)!;
    await withDatabase(async (db) => {
      expect(await findUserByApiToken(db, token, new Date())).toMatchObject({ email: "vic@entity2.test", role: "viewer", tokenScope: "read" });
      const audit = await listAuditEvents(db, { organizationId: 2, limit: 10 });
      expect(audit.slice(0, 2).map(({ action, actor }) => ({ action, actor }))).toEqual([
        { action: "api_token.created", actor: null },
        { action: "user.created", actor: null },
      ]);
    });
    await expect(cli("user:create", "--organization", "entity2", "--email", "x@y.test", "--password", "long-enough", "--reference", "r", "--role", "owner")).rejects.toMatchObject({
      stderr: expect.stringContaining("--role takes one of admin, editor, viewer"),
    });
  });

  it("refuses an unknown organization and a short password", async () => {
    await expect(cli("user:create", "--organization", "nope", "--email", "x@y.test", "--password", "long-enough", "--reference", "r")).rejects.toMatchObject({
      stderr: expect.stringContaining("No organization nope"),
    });
    await expect(cli("user:create", "--organization", "entity1", "--email", "x@y.test", "--password", "short", "--reference", "r")).rejects.toMatchObject({
      stderr: expect.stringContaining("at least 8 characters"),
    });
  });
});
