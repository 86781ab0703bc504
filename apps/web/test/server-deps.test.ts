/**
 * One set of deps per process, however many copies of `deps.ts` it loads:
 * the production server bundles a copy of its own (`dist/server.js`), and
 * Next's build has its own (instrumentation, route handlers). All of them
 * must share one database and its pool, one rate limiter: two pools would
 * double the connections, two limiters would each count half of a user's
 * requests, and the embedded database cannot be opened twice at all.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import type * as DatabaseClient from "@cr/db/client";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

/** Every database the process opens: each would be a pool of its own. */
const opened = vi.hoisted(() => ({ databases: 0 }));

vi.mock("@cr/db/client", async (importOriginal) => ({
  ...(await importOriginal<typeof DatabaseClient>()),
  createDatabase: async () => {
    opened.databases += 1;
    // no queries are made here but the picture sweep's, which fails (its log line is silenced below)
    return { db: {}, kind: "postgres", close: async () => {} };
  },
}));

let dataDir: string;

beforeAll(async () => {
  // the pictures' folder of the deps built here
  dataDir = await mkdtemp(path.join(tmpdir(), "cr-deps-"));
  vi.stubEnv("DATA_DIR", dataDir);
  // each copy loads a logger of its own, which no capture from this file's copy would catch
  vi.stubEnv("LOG_LEVEL", "silent");
});

afterAll(async () => {
  delete (globalThis as { serverDeps?: unknown }).serverDeps;
  vi.unstubAllEnvs();
  await rm(dataDir, { recursive: true, force: true });
});

it("gives every copy of deps.ts in the process the same deps (one database, one pool, one rate limiter) and one request scope", async () => {
  vi.resetModules();
  const first = await import("~/server/deps");
  vi.resetModules();
  const second = await import("~/server/deps");
  // two module instances, as two bundles make
  expect(second.getServerDeps).not.toBe(first.getServerDeps);

  const [fromFirst, fromSecond] = await Promise.all([first.getServerDeps(), second.getServerDeps()]);
  expect(fromSecond).toBe(fromFirst);
  expect(fromSecond.db).toBe(fromFirst.db);
  expect(fromSecond.rateLimiter).toBe(fromFirst.rateLimiter);
  // a copy loaded later finds them too
  vi.resetModules();
  const third = await import("~/server/deps");
  expect(await third.getServerDeps()).toBe(fromFirst);
  expect(opened.databases).toBe(1);

  // and one request scope, so that a line logged by one copy's code names the request another copy serves
  vi.resetModules();
  const scopeOfFirst = await import("~/server/request-scope");
  vi.resetModules();
  const scopeOfSecond = await import("~/server/request-scope");
  const scope = { requestId: "req-1", clientSentRequestId: false, route: null };
  scopeOfFirst.requestScopeStorage.run(scope, () => expect(scopeOfSecond.currentRequestScope()).toBe(scope));
});
