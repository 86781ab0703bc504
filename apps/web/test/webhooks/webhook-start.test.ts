/**
 * The app's deps start the webhook worker, and with WEBHOOK_ALLOW_PRIVATE
 * the start says, in the log, that webhooks may go to private addresses:
 * a setting that must never reach production unnoticed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import type * as DatabaseClient from "@cr/db/client";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

vi.mock("@cr/db/client", async (importOriginal) => ({
  ...(await importOriginal<typeof DatabaseClient>()),
  // no database: the worker's rounds fail, quietly for this test (the lines are captured)
  createDatabase: async () => ({ db: {}, kind: "postgres", close: async () => {} }),
}));

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "cr-webhook-start-"));
  vi.stubEnv("DATA_DIR", dataDir);
});

afterAll(async () => {
  delete (globalThis as { serverDeps?: unknown }).serverDeps;
  vi.unstubAllEnvs();
  await rm(dataDir, { recursive: true, force: true });
});

/** The warning lines written while a fresh copy of the app builds its deps with `allowPrivate`. */
async function startLinesWith(allowPrivate: "true" | "false") {
  delete (globalThis as { serverDeps?: unknown }).serverDeps;
  vi.stubEnv("WEBHOOK_ALLOW_PRIVATE", allowPrivate);
  vi.resetModules();
  const log = await import("~/server/log");
  const written: string[] = [];
  const restore = log.setLogDestination({ write: (line: string) => void written.push(line) }, "info");
  try {
    const { getServerDeps } = await import("~/server/deps");
    await getServerDeps();
  } finally {
    restore();
  }
  return written.map((line) => JSON.parse(line) as { level: string; message: string }).filter((line) => line.level === "warn");
}

it("says so in the log when WEBHOOK_ALLOW_PRIVATE=true, and not otherwise", async () => {
  expect(await startLinesWith("true")).toEqual([
    expect.objectContaining({ message: expect.stringMatching(/^WEBHOOK_ALLOW_PRIVATE=true: webhooks may go to http:\/\/ URLs and to private/) }),
  ]);
  expect(await startLinesWith("false")).toEqual([]);
});
