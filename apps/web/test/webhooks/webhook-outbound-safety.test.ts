/**
 * OWASP's SSRF rules for webhooks: an https:// URL only, checked when the
 * endpoint is created and again at each delivery, where the name is
 * resolved, every address checked and the connection made to a checked one;
 * no redirect followed, at most 4 KiB of an answer read, 15 s at most.
 * WEBHOOK_ALLOW_PRIVATE (the `allowPrivate` option) lifts the address and
 * scheme rules; here it is off unless a test says otherwise.
 */
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";

import { type AuthenticatedUser, findUserForLogin, listAuditEvents, listWebhookDeliveries } from "@cr/db/repositories";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ServerDeps } from "~/server/deps";
import { createWebhookEndpoint } from "~/server/services/webhooks/create-webhook-endpoint";
import { listWebhookEndpoints } from "~/server/services/webhooks/list-webhook-endpoints";
import { updateCustomer } from "~/server/services/update-customer";
import type { ResolveHostname } from "~/server/webhooks/outbound-address";
import { createWebhookAgents, sendWebhook, type SendOptions, WEBHOOK_MAX_ANSWER_BYTES } from "~/server/webhooks/send-webhook";
import { startWebhookWorker } from "~/server/webhooks/webhook-worker";

import { startTestServer, type TestServer } from "../support/test-server";
import { startWebhookReceiver } from "../support/webhook-receiver";

let server: TestServer;
let admin: AuthenticatedUser;
const agents = createWebhookAgents({ keepAlive: false });

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 3 });
  admin = { ...(await findUserForLogin(server.deps.db, "admin@entity1.test"))!, tokenScope: null };
});

afterAll(async () => {
  agents.http.destroy();
  agents.https.destroy();
  await server?.close();
});

/** A TCP port that counts the connections made to it and answers nothing. */
async function countingListener(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const listener: Server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  return {
    port: (listener.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => listener.close(() => resolve())),
  };
}

const resolveTo =
  (...addresses: string[]): ResolveHostname =>
  () =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) })));

const message = { secret: `whsec_${Buffer.alloc(32, 7).toString("base64")}`, eventId: "evt_1", payload: '{"id":"evt_1"}' };

function send(url: string, options: Partial<SendOptions> = {}) {
  return sendWebhook({ ...message, url }, { allowPrivate: false, resolve: resolveTo("93.184.216.34"), agents, ...options });
}

describe("when an endpoint is created", () => {
  const refusals = [
    ["http://erp.example.com/hooks", "url must start with https:// (webhooks are never sent in clear text)."],
    ["https://127.0.0.1/hooks", "url may not point at a loopback address: webhooks go to public addresses only."],
    ["https://localhost:8443/hooks", "url may not point at a loopback address: webhooks go to public addresses only."],
    ["https://[::1]/hooks", "url may not point at a loopback address: webhooks go to public addresses only."],
    ["https://10.0.0.7/hooks", "url may not point at a private address: webhooks go to public addresses only."],
    ["https://169.254.169.254/latest/meta-data/", "url may not point at a link-local address: webhooks go to public addresses only."],
    ["https://[::ffff:169.254.169.254]/", "url may not point at a link-local address: webhooks go to public addresses only."],
    ["https://100.100.100.200/", "url may not point at a shared (CGNAT) address: webhooks go to public addresses only."],
  ] as const;

  it.each(refusals)("refuses %s, and creates nothing", async (url, text) => {
    const auditBefore = await listAuditEvents(server.deps.db, { organizationId: 1, limit: 1 });
    await expect(
      createWebhookEndpoint({ deps: server.deps, actor: admin, endpoint: { url, events: ["customer.updated"], description: "" } }),
    ).rejects.toMatchObject({ code: "invalid_param", field: "url", message: text });
    expect(await listWebhookEndpoints({ deps: server.deps, actor: admin })).toEqual([]);
    expect(await listAuditEvents(server.deps.db, { organizationId: 1, limit: 1 })).toEqual(auditBefore);
  });

  it("takes a public https:// URL", async () => {
    const created = await createWebhookEndpoint({
      deps: server.deps,
      actor: admin,
      endpoint: { url: "https://erp.example.com/hooks", events: ["customer.updated"], description: "" },
    });
    expect(created).toMatchObject({ url: "https://erp.example.com/hooks", enabled: true });
  });
});

describe("at each delivery", () => {
  it("the worker refuses a loopback address and never connects to it", async () => {
    const listener = await countingListener();
    // created while private addresses were allowed; the worker now runs without
    const permissive: ServerDeps = { ...server.deps, config: { ...server.deps.config, webhooks: { allowPrivate: true } } };
    const endpoint = await createWebhookEndpoint({
      deps: permissive,
      actor: admin,
      endpoint: { url: `https://127.0.0.1:${listener.port}/hooks`, events: ["customer.updated"], description: "" },
    });
    await updateCustomer({ deps: server.deps, actor: admin, lookup: { id: 256 }, patch: { comment: "to a loopback address" }, channel: "api" });
    const worker = startWebhookWorker({ db: server.deps.db, retrySchedule: [3600], allowPrivate: false, pollIntervalMs: 20 });
    try {
      const deadline = Date.now() + 10_000;
      let rows = await listWebhookDeliveries(server.deps.db, { endpointId: endpoint.id, max: 10 });
      while (!rows.some((row) => row.status === "failed") && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        rows = await listWebhookDeliveries(server.deps.db, { endpointId: endpoint.id, max: 10 });
      }
      expect(rows.find((row) => row.attempt === 1)).toMatchObject({
        status: "failed",
        responseStatus: null,
        error: "refused: 127.0.0.1 is a loopback address",
      });
    } finally {
      await worker.stop();
    }
    expect(listener.connections()).toBe(0);
    await listener.close();
  });

  it.each([
    ["https://169.254.169.254/latest/meta-data/iam/", [], "refused: 169.254.169.254 is a link-local address"],
    ["https://[fd00:ec2::254]/latest/", [], "refused: fd00:ec2::254 is a private address"],
    ["https://hooks.example.test/in", ["10.0.0.5"], "refused: hooks.example.test resolves to 10.0.0.5, a private address"],
    ["https://rebind.example.test/in", ["93.184.216.34", "127.0.0.1"], "refused: rebind.example.test resolves to 127.0.0.1, a loopback address"],
    ["https://mapped.example.test/in", ["::ffff:169.254.169.254"], "refused: mapped.example.test resolves to ::ffff:169.254.169.254, a link-local address"],
    ["http://erp.example.com/in", ["93.184.216.34"], "refused: the URL does not start with https://"],
  ])("refuses %s (resolving to %j)", async (url, addresses, error) => {
    const outcome = await send(url, { resolve: resolveTo(...addresses) });
    expect(outcome).toMatchObject({ error, answer: "" });
    expect(outcome.status).toBeUndefined();
  });

  it("connects to the address it checked, not to what a second lookup would answer", async () => {
    const receiver = await startWebhookReceiver();
    // no DNS knows this name: only the checked address can be where it went
    const outcome = await send(`http://pinned.example.test:${receiver.port}/hook`, { allowPrivate: true, resolve: resolveTo("127.0.0.1") });
    expect(outcome.status).toBe(200);
    expect(receiver.hits[0]!.headers.host).toBe(`pinned.example.test:${receiver.port}`);
    await receiver.close();
  });

  it("follows no redirect: a 3xx is the answer", async () => {
    const receiver = await startWebhookReceiver();
    receiver.answerWith((hit) => (hit.path === "/hook" ? { status: 307, headers: { location: receiver.url("/moved") } } : { status: 200 }));
    const outcome = await send(receiver.url(), { allowPrivate: true });
    expect(outcome.status).toBe(307);
    expect(receiver.hits.map((hit) => hit.path)).toEqual(["/hook"]);
    await receiver.close();
  });

  it("reads at most 4 KiB of an answer, and does not wait for the rest", async () => {
    const receiver = await startWebhookReceiver();
    let closedByClient = false;
    receiver.answerWith(() => (response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      // an answer that never ends
      const chunk = "x".repeat(16 * 1024);
      const timer = setInterval(() => response.write(chunk), 5);
      response.on("close", () => {
        clearInterval(timer);
        closedByClient = true;
      });
    });
    const outcome = await send(receiver.url(), { allowPrivate: true, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ status: 200 });
    expect(outcome.error).toBeUndefined();
    expect(Buffer.byteLength(outcome.answer)).toBe(WEBHOOK_MAX_ANSWER_BYTES);
    expect(outcome.durationMs).toBeLessThan(5000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedByClient).toBe(true);
    await receiver.close();
  });

  it("gives up after the timeout", async () => {
    const receiver = await startWebhookReceiver();
    receiver.answerWith(() => () => {
      // never answers
    });
    const outcome = await send(receiver.url(), { allowPrivate: true, timeoutMs: 300 });
    expect(outcome).toMatchObject({ error: "timed out after 0.3 s", answer: "" });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(290);
    await receiver.close();
  });
});
