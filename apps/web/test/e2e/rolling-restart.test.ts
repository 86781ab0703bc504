/**
 * A rolling restart under load, on PostgreSQL: two production instances
 * behind a small proxy of the test's own, doing what a load balancer does
 * (it asks each instance's `/api/ready` every 100 ms and sends to the ready
 * ones only; a connection refused before anything was sent is tried on the
 * other instance, since the request never reached a server). While 16
 * clients write, one instance is sent SIGTERM: its readiness turns 503 at
 * once, the requests under way finish, and no client sees a failure.
 */
import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { createDatabase, migratePostgresDatabase } from "@cr/db/client";
import { seedDemoData } from "@cr/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type BuiltApp, signInToBuiltApp, startBuiltApp, webDir } from "../support/built-app";
import { createPostgresCluster, type PostgresCluster } from "../support/postgres-cluster";

const PASSWORD = "rolling-restart-password";
const CLIENTS = 16;
const READY_POLL_MS = 100;

let cluster: PostgresCluster;
let instances: BuiltApp[] = [];
let proxy: Server;
let stopPolling = () => {};

interface Backend {
  app: BuiltApp;
  port: number;
  ready: boolean;
}

/** Round robin over the ready backends; a refused connection is tried on the next one. */
function startProxy(backends: Backend[]): Server {
  let next = 0;
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, tried: number) => {
    const ready = backends.filter((backend) => backend.ready);
    if (ready.length === 0 || tried >= backends.length) {
      res.writeHead(502).end("no ready instance");
      return;
    }
    const backend = ready[next++ % ready.length]!;
    const upstream = httpRequest(
      { host: "127.0.0.1", port: backend.port, method: req.method, path: req.url, headers: { ...req.headers, connection: "close" }, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED" && !res.headersSent) {
        backend.ready = false;
        forward(req, res, body, tried + 1);
      } else if (!res.headersSent) res.writeHead(502).end(String(error));
      else res.destroy();
    });
    upstream.end(body);
  };
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => forward(req, res, Buffer.concat(chunks), 0));
  });
}

function pollReadiness(backends: Backend[]): () => void {
  let polling = true;
  void (async () => {
    while (polling) {
      await Promise.all(
        backends.map(async (backend) => {
          const status = await fetch(`${backend.app.baseUrl}/api/ready`, { signal: AbortSignal.timeout(1_000) })
            .then((response) => response.status)
            .catch(() => 0);
          backend.ready = status === 200;
        }),
      );
      await sleep(READY_POLL_MS);
    }
  })();
  return () => (polling = false);
}

beforeAll(async () => {
  cluster = await createPostgresCluster();
  await migratePostgresDatabase(cluster.url, path.resolve(webDir, "../../packages/db/migrations"));
  const seeding = await createDatabase({ url: cluster.url, maxConnections: 1 });
  await seedDemoData(seeding.db, { adminPassword: PASSWORD });
  await seeding.close();
  instances = await Promise.all([0, 1].map(() => startBuiltApp({ password: PASSWORD, env: { DATABASE_URL: cluster.url } })));
}, 240_000);

afterAll(async () => {
  stopPolling();
  proxy?.close();
  await Promise.all(instances.map((instance) => instance.stop()));
  await cluster?.destroy();
});

describe("a rolling restart under load", () => {
  it("loses no request when one of two instances is sent SIGTERM while 16 clients write", { timeout: 120_000 }, async () => {
    const backends: Backend[] = instances.map((app) => ({ app, port: Number(new URL(app.baseUrl).port), ready: true }));
    stopPolling = pollReadiness(backends);
    proxy = startProxy(backends);
    proxy.listen(0, "127.0.0.1");
    await once(proxy, "listening");
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const token = await signInToBuiltApp(instances[0]!);

    const failures: string[] = [];
    let sent = 0;
    let writing = true;
    const client = async (index: number) => {
      while (writing) {
        const response = await fetch(`${proxyUrl}/api/v1.0/customers/256`, {
          method: "POST",
          headers: { cookie: `JSESSIONID=${token}` },
          body: new URLSearchParams({ comment: `client ${index}, request ${sent++}` }),
        }).catch((error: unknown) => error as Error);
        if (response instanceof Error) failures.push(`client ${index}: ${response.message}`);
        else if (response.status !== 200) failures.push(`client ${index}: ${response.status} ${await response.text()}`);
        else await response.arrayBuffer();
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));

    await sleep(3_000);
    const leaving = instances[1]!;
    const exited = new Promise<number | null>((resolve) => leaving.server.once("exit", (code) => resolve(code)));
    const sentBefore = sent;
    leaving.server.kill("SIGTERM");
    expect(await exited).toBe(143);
    await sleep(2_000);
    writing = false;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(sent - sentBefore).toBeGreaterThan(50);
    expect(backends[1]!.ready).toBe(false);
  });
});
