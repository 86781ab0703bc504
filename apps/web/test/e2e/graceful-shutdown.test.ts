/**
 * The production server (`dist/server.js`, as `pnpm start` runs it) told to
 * stop while a request is under way, as an orchestrator does at a deployment:
 * from the SIGTERM on, `/api/ready` answers 503 (a load balancer stops sending
 * it work) and `/api/health` 200, the slow request still finishes with its
 * answer, and only then does the process exit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type BuiltApp, signInToBuiltApp, startBuiltApp } from "../support/built-app";

let app: BuiltApp;
let token: string;

beforeAll(async () => {
  app = await startBuiltApp({ password: "shutdown-password" });
  token = await signInToBuiltApp(app);
});

afterAll(async () => {
  await app?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function probe(path: "/api/health" | "/api/ready") {
  const response = await fetch(`${app.baseUrl}${path}`);
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("the production server stopped by SIGTERM", () => {
  it("turns unready at once, finishes the request under way, then exits", async () => {
    expect(await probe("/api/health")).toEqual({ status: 200, body: { status: "ok" } });
    expect(await probe("/api/ready")).toEqual({ status: 200, body: { status: "ready" } });

    // a slow request: an update whose body arrives in two parts, the second when the test says
    let sendRest = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("comment=finished%20during%20the%20"));
        sendRest = () => {
          controller.enqueue(new TextEncoder().encode("drain"));
          controller.close();
        };
      },
    });
    const slow = fetch(`${app.baseUrl}/api/v1.0/customers/256`, {
      method: "POST",
      headers: { cookie: `JSESSIONID=${token}`, "content-type": "application/x-www-form-urlencoded" },
      body,
      duplex: "half",
    } as RequestInit);
    await sleep(500); // the server has the request and waits for the rest of its body

    const exited = new Promise<number | null>((resolve) => app.server.once("exit", (code) => resolve(code)));
    try {
      app.server.kill("SIGTERM");
      // the signal and the probe's connection reach the server's event loop in either order
      await expect.poll(() => probe("/api/ready"), { interval: 50 }).toEqual({
        status: 503,
        body: { status: "unavailable", reason: "shutting down" },
      });
      expect(await probe("/api/health")).toEqual({ status: 200, body: { status: "ok" } });
      expect(app.server.exitCode).toBeNull();
    } finally {
      sendRest();
    }
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: 256, comment: "finished during the drain" });

    expect(await exited).toBe(143);
  });
});
