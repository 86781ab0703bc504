/**
 * `GET /api/health` (liveness) and `GET /api/ready` (readiness), called as
 * Next calls the route files: a real `Request` to the handlers both servers
 * export. Readiness asks the database, within a second, whether it has this
 * build's migrations; health asks nothing.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { createDatabase, type Database, type DatabaseHandle } from "@cr/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { env } from "~/env";
import { createServerDeps, type ServerDeps } from "~/server/deps";
import { setLogDestination } from "~/server/log";
import { createProbeHandlers, probeRouteHandlers } from "~/server/probes/probe-handlers";

import { webDir } from "./support/built-app";
import { captureLogs } from "./support/captured-logs";
import { PUBLIC_BASE_URL, startTestServer, type TestServer } from "./support/test-server";

let server: TestServer;
let draining = false;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 1 });
});

afterAll(async () => {
  await server?.close();
});

function probes(deps: ServerDeps) {
  return createProbeHandlers(() => Promise.resolve(deps), { draining: () => draining });
}

async function probe(deps: ServerDeps, which: "health" | "ready") {
  const handlers = probes(deps)[`api/${which}`];
  const started = performance.now();
  const response = await handlers.GET(new Request(`${PUBLIC_BASE_URL}/api/${which}`));
  return { status: response.status, body: (await response.json()) as Record<string, string>, response, ms: performance.now() - started };
}

/** A TCP port that accepts connections and never says a word: a database server that hangs. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const listener: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  return {
    port: (listener.address() as { port: number }).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => listener.close(resolve));
    },
  };
}

/** A closed port: a database server that is down. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

function depsArgs(db: Database) {
  return { db, pictureStorage: server.deps.pictureStorage, config: server.deps.config, rateLimitPerMinute: 600 };
}

function depsOn(database: DatabaseHandle): ServerDeps {
  return createServerDeps(depsArgs(database.db));
}

describe("GET /api/health", () => {
  it("answers 200 without any credential", async () => {
    const answer = await probe(server.deps, "health");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "ok" });
    expect(answer.response.headers.get("content-type")).toBe("application/json");
    expect(answer.response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("GET /api/ready", () => {
  it("answers 200 when the database answers and has every committed migration", async () => {
    const answer = await probe(server.deps, "ready");
    expect(answer).toMatchObject({ status: 200, body: { status: "ready" } });
    expect(answer.response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 while the server drains, and health stays 200", async () => {
    draining = true;
    try {
      expect(await probe(server.deps, "ready")).toMatchObject({ status: 503, body: { status: "unavailable", reason: "shutting down" } });
      expect(await probe(server.deps, "health")).toMatchObject({ status: 200, body: { status: "ok" } });
    } finally {
      draining = false;
    }
  });

  it("answers 503 naming a migration of this build that the database lacks", async () => {
    // this build's folder: the committed migrations and one more, which the test database never saw
    const folder = await mkdtemp(path.join(tmpdir(), "cr-migrations-"));
    try {
      const journal = JSON.parse(await readFile(path.join(env.migrationsDir, "meta/_journal.json"), "utf8")) as {
        entries: { idx: number; when: number; tag: string }[];
      };
      const last = journal.entries.at(-1)!;
      journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: "9999_not_yet_applied" });
      await mkdir(path.join(folder, "meta"));
      await writeFile(path.join(folder, "meta/_journal.json"), JSON.stringify(journal));
      const deps = createServerDeps({ ...depsArgs(server.deps.db), migrationsDir: folder });

      const answer = await probe(deps, "ready");
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ status: "unavailable", reason: "migrations not applied: 9999_not_yet_applied (run pnpm db:migrate)" });
      expect((await probe(deps, "health")).status).toBe(200);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("answers 503 within about a second when the database does not answer, and health stays 200", async () => {
    const hanging = await silentServer();
    // postgres.js waits 5 s (connect_timeout) for a server that accepted the connection and says nothing
    const database = await createDatabase({ url: `postgres://postgres@127.0.0.1:${hanging.port}/records` });
    try {
      const deps = depsOn(database);
      const answer = await probe(deps, "ready");
      expect(answer).toMatchObject({ status: 503, body: { status: "unavailable", reason: "the database did not answer within 1000 ms" } });
      expect(answer.ms).toBeGreaterThanOrEqual(950);
      expect(answer.ms).toBeLessThan(1_500);
      expect(await probe(deps, "health")).toMatchObject({ status: 200, body: { status: "ok" } });
    } finally {
      await hanging.close();
      await database.close().catch(() => undefined);
    }
  });

  it("answers 503 when the database server is down, and health stays 200", async () => {
    const database = await createDatabase({ url: `postgres://postgres@127.0.0.1:${await closedPort()}/records` });
    try {
      const deps = depsOn(database);
      const answer = await probe(deps, "ready");
      expect(answer.status).toBe(503);
      expect(answer.body.status).toBe("unavailable");
      expect(answer.ms).toBeLessThan(1_500);
      expect(await probe(deps, "health")).toMatchObject({ status: 200, body: { status: "ok" } });
    } finally {
      await database.close().catch(() => undefined);
    }
  });
});

describe("the probes' request lines", () => {
  it("are not written at info level, and are at debug", async () => {
    const logs = captureLogs();
    try {
      await probe(server.deps, "health");
      await probe(server.deps, "ready");
      expect(logs.requests()).toEqual([]);
    } finally {
      logs.restore();
    }

    const written: string[] = [];
    const restore = setLogDestination({ write: (line: string) => void written.push(line) }, "debug");
    try {
      await probe(server.deps, "ready");
    } finally {
      restore();
    }
    const lines = written.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === "request");
    expect(lines).toMatchObject([{ level: "debug", route: "/api/ready", status: 200 }]);
  });
});

describe("the probes' route files", () => {
  it("export the functions the production server serves", async () => {
    for (const file of ["api/health", "api/ready"] as const) {
      const routeModule = (await import(path.join(webDir, "src/app", file, "route.ts"))) as Record<string, unknown>;
      expect(routeModule.GET, file).toBe(probeRouteHandlers[file].GET);
    }
  });
});
