/**
 * A webhook receiver for tests: a real node:http server on 127.0.0.1 that
 * keeps every request it gets (headers and body as received) and answers as
 * the test says, so that the worker's requests go over a real socket.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived, decoded as UTF-8. */
  body: string;
  receivedAt: number;
}

/** How to answer one request: a status (200 when unset), headers and a body; or write the answer yourself. */
export type ReceiverAnswer =
  | { status?: number; headers?: Record<string, string>; body?: string }
  | ((response: ServerResponse) => void);

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port><path>`. */
  url(path?: string): string;
  port: number;
  hits: ReceivedWebhook[];
  /** Connections opened to it, hits or not. */
  connections: number;
  /** How it answers from now on (default: 200 `ok`). */
  answerWith(answer: (hit: ReceivedWebhook, index: number) => ReceiverAnswer): void;
  /** Resolves once `count` hits have arrived (fails after `timeoutMs`). */
  waitForHits(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const hits: ReceivedWebhook[] = [];
  let answer: (hit: ReceivedWebhook, index: number) => ReceiverAnswer = () => ({ status: 200, body: "ok" });
  let connections = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const hit = { path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), receivedAt: Date.now() };
      hits.push(hit);
      const planned = answer(hit, hits.length - 1);
      if (typeof planned === "function") return planned(response);
      response.writeHead(planned.status ?? 200, planned.headers);
      response.end(planned.body ?? "");
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    port,
    hits,
    get connections() {
      return connections;
    },
    answerWith(next) {
      answer = next;
    },
    async waitForHits(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (hits.length < count) {
        if (Date.now() > deadline) throw new Error(`the receiver got ${hits.length} of ${count} webhooks in ${timeoutMs} ms`);
        await sleep(10);
      }
      return hits.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
