/**
 * Webhooks end to end inside one process: a committed customer change, the
 * worker (webhook-worker.ts) and a real receiver on 127.0.0.1. Private
 * addresses and http:// are allowed by the worker's option here (as
 * WEBHOOK_ALLOW_PRIVATE does), never by the environment.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import {
  type AuthenticatedUser,
  claimDueWebhookDeliveries,
  deleteWebhookDeliveriesBefore,
  findUserForLogin,
  listAuditEvents,
  listWebhookDeliveries,
  type WebhookDelivery,
} from "@cr/db/repositories";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { ServerDeps } from "~/server/deps";
import { createWebhookEndpoint } from "~/server/services/webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "~/server/services/webhooks/delete-webhook-endpoint";
import { disableWebhookEndpoint } from "~/server/services/webhooks/disable-webhook-endpoint";
import { enableWebhookEndpoint } from "~/server/services/webhooks/enable-webhook-endpoint";
import { listWebhookEndpoints } from "~/server/services/webhooks/list-webhook-endpoints";
import { retryWebhookDelivery } from "~/server/services/webhooks/retry-webhook-delivery";
import { sendWebhookTest } from "~/server/services/webhooks/send-webhook-test";
import { updateCustomer } from "~/server/services/update-customer";
import { fanOutWebhookEvents } from "~/server/webhooks/fan-out-webhook-events";
import { startWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from "~/server/webhooks/webhook-worker";

import { createLegacyApiClient } from "../support/legacy-api-client";
import { sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

let server: TestServer;
/** The server's deps with private addresses allowed, as WEBHOOK_ALLOW_PRIVATE=true gives them. */
let deps: ServerDeps;
let admin: AuthenticatedUser;
let receiver: WebhookReceiver;
let worker: WebhookWorker | undefined;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 3 });
  deps = { ...server.deps, config: { ...server.deps.config, webhooks: { allowPrivate: true } } };
  admin = { ...(await findUserForLogin(deps.db, "admin@entity1.test"))!, tokenScope: null };
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await receiver?.close();
  // each test's endpoints go, so that the next one's receiver is the only one
  for (const endpoint of await listWebhookEndpoints({ deps, actor: admin })) {
    await deleteWebhookEndpoint({ deps, actor: admin, endpointId: endpoint.id });
  }
});

afterAll(async () => {
  await server?.close();
});

function runWorker(options: Partial<WebhookWorkerOptions> = {}): void {
  worker = startWebhookWorker({ db: deps.db, retrySchedule: [0.05, 0.05], allowPrivate: true, pollIntervalMs: 20, ...options });
}

async function endpointFor(url: string) {
  return createWebhookEndpoint({ deps, actor: admin, endpoint: { url, events: ["customer.updated"], description: "test receiver" } });
}

let changes = 0;
/** A committed change of customer 256: one event. */
async function changeCustomer(): Promise<number> {
  const customer = await updateCustomer({ deps, actor: admin, lookup: { id: 256 }, patch: { comment: `change ${++changes}` }, channel: "api" });
  return customer.version;
}

async function attemptsOf(endpointId: number): Promise<WebhookDelivery[]> {
  return (await listWebhookDeliveries(deps.db, { endpointId, max: 100 })).reverse();
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await sleep(20);
  }
}

describe("a committed change reaches the receiver", () => {
  it("signed per Standard Webhooks, its body byte for byte the feed's event", async () => {
    receiver = await startWebhookReceiver();
    const endpoint = await endpointFor(receiver.url());
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const version = await changeCustomer();
    runWorker();
    const [hit] = await receiver.waitForHits(1);

    // verified by the library a receiver uses, with the secret shown at creation
    const verified = new Webhook(endpoint.secret).verify(hit!.body, hit!.headers as Record<string, string>) as { id: string; data: { version: number } };
    expect(hit!.headers["content-type"]).toBe("application/json");
    expect(hit!.headers["webhook-id"]).toBe(verified.id);
    expect(verified.data.version).toBe(version);
    expect(Math.abs(Number(hit!.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(hit!.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    // the same event in the feed, byte for byte
    const cookie = sessionCookie(await sessionTokenOf(deps, "admin@entity1.test"));
    const feedText = await (await createLegacyApiClient(deps).get("/api/v2.1/events?max=500", cookie)).text();
    const feedEvent = (JSON.parse(feedText) as { data: { id: string }[] }).data.find((event) => event.id === verified.id);
    expect(JSON.stringify(feedEvent)).toBe(hit!.body);
    expect(feedText).toContain(hit!.body);

    // a signature made with another secret, or another body, is refused
    expect(() => new Webhook(endpoint.secret).verify(hit!.body.replace(`"version":${version}`, `"version":${version + 1}`), hit!.headers as Record<string, string>)).toThrow();
    const [attempt] = await attemptsOf(endpoint.id);
    expect(attempt).toMatchObject({ eventId: verified.id, attempt: 1, status: "succeeded", responseStatus: 200, error: null });
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("sends nothing for a change before the endpoint existed", async () => {
    await changeCustomer();
    receiver = await startWebhookReceiver();
    const endpoint = await endpointFor(receiver.url());
    runWorker();
    await sleep(300);
    expect(receiver.hits).toHaveLength(0);
    await changeCustomer();
    await receiver.waitForHits(1);
    expect(await attemptsOf(endpoint.id)).toHaveLength(1);
  });
});

describe("retries", () => {
  it("retries a 500 on the schedule, the same event each time, until it succeeds", async () => {
    receiver = await startWebhookReceiver();
    receiver.answerWith((_hit, index) => (index < 2 ? { status: 500, body: "down" } : { status: 204 }));
    const endpoint = await endpointFor(receiver.url());
    await changeCustomer();
    const outcomes: string[] = [];
    runWorker({ retrySchedule: [0.1, 0.1, 0.1], onAttempt: (outcome) => outcomes.push(outcome.status) });
    const hits = await receiver.waitForHits(3);
    expect(new Set(hits.map((hit) => hit.headers["webhook-id"])).size).toBe(1);
    expect(new Set(hits.map((hit) => hit.body)).size).toBe(1);
    // about 100 ms apart (90 % of it at least, for the jitter)
    expect(hits[1]!.receivedAt - hits[0]!.receivedAt).toBeGreaterThanOrEqual(85);
    const attempts = await waitFor(() => attemptsOf(endpoint.id), (rows) => rows.at(-1)?.status === "succeeded");
    expect(attempts.map(({ attempt, status, responseStatus }) => [attempt, status, responseStatus])).toEqual([
      [1, "failed", 500],
      [2, "failed", 500],
      [3, "succeeded", 204],
    ]);
    expect((await listWebhookEndpoints({ deps, actor: admin }))[0]!.failingSince).toBeNull();
    // what the metrics count (webhook_deliveries_total{outcome})
    expect(await waitFor(() => Promise.resolve(outcomes), (seen) => seen.length === 3)).toEqual(["failed", "failed", "succeeded"]);
  });

  it("fails for good once the schedule is spent; sent again by hand, it is one more attempt", async () => {
    receiver = await startWebhookReceiver();
    receiver.answerWith(() => ({ status: 302, headers: { location: receiver.url("/elsewhere") } }));
    const endpoint = await endpointFor(receiver.url());
    await changeCustomer();
    runWorker({ retrySchedule: [0.05] });
    const attempts = await waitFor(() => attemptsOf(endpoint.id), (rows) => rows.at(-1)?.status === "abandoned");
    expect(attempts.map(({ status, responseStatus, error }) => [status, responseStatus, error])).toEqual([
      ["failed", 302, "redirects are not followed"],
      ["abandoned", 302, "redirects are not followed"],
    ]);
    await sleep(200);
    // the redirect was not followed
    expect(receiver.hits.map((hit) => hit.path)).toEqual(["/hook", "/hook"]);
    expect((await listWebhookEndpoints({ deps, actor: admin }))[0]!.failingSince).not.toBeNull();

    receiver.answerWith(() => ({ status: 200 }));
    const retry = await retryWebhookDelivery({ deps, actor: admin, endpointId: endpoint.id, deliveryId: attempts[1]!.id });
    expect(retry).toMatchObject({ attempt: 3, status: "pending" });
    await receiver.waitForHits(3);
    expect(receiver.hits[2]!.body).toBe(receiver.hits[0]!.body);
    await waitFor(() => attemptsOf(endpoint.id), (rows) => rows.at(-1)?.status === "succeeded");
    // delivered: a second retry by hand is refused, nothing scheduled
    await expect(retryWebhookDelivery({ deps, actor: admin, endpointId: endpoint.id, deliveryId: attempts[1]!.id })).rejects.toMatchObject({
      code: "invalid_param",
      message: "The event was delivered since: there is nothing to send again.",
    });
    expect(await attemptsOf(endpoint.id)).toHaveLength(3);
    const [audit] = await listAuditEvents(deps.db, { organizationId: 1, limit: 1 });
    expect(audit).toMatchObject({ action: "webhook.updated", target: `webhook:${endpoint.id}`, actor: { id: admin.id } });
  });

  it("honours Retry-After on a 503 and a 429", async () => {
    receiver = await startWebhookReceiver();
    receiver.answerWith((_hit, index) =>
      index === 0 ? { status: 503, headers: { "retry-after": "1" } } : index === 1 ? { status: 429, headers: { "retry-after": "1" } } : { status: 200 },
    );
    await endpointFor(receiver.url());
    await changeCustomer();
    runWorker({ retrySchedule: [0.01, 0.01, 0.01] });
    const hits = await receiver.waitForHits(3);
    expect(hits[1]!.receivedAt - hits[0]!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(hits[2]!.receivedAt - hits[1]!.receivedAt).toBeGreaterThanOrEqual(950);
  });
});

describe("disabled endpoints", () => {
  it("a 410 disables the endpoint, shown so, and audited; enabled again, it gets what it missed", async () => {
    receiver = await startWebhookReceiver();
    receiver.answerWith(() => ({ status: 410 }));
    const endpoint = await endpointFor(receiver.url());
    const first = await changeCustomer();
    runWorker();
    await receiver.waitForHits(1);
    const disabled = await waitFor(
      async () => (await listWebhookEndpoints({ deps, actor: admin }))[0]!,
      (row) => !row.enabled,
    );
    expect(disabled).toMatchObject({ enabled: false, disabledReason: "gone" });
    expect((await attemptsOf(endpoint.id)).map(({ status }) => status)).toEqual(["abandoned"]);
    const [audit] = await listAuditEvents(deps.db, { organizationId: 1, limit: 1 });
    expect(audit).toMatchObject({ action: "webhook.updated", target: `webhook:${endpoint.id}`, actor: null, details: { enabled: false, reason: "gone" } });

    // missed while disabled
    const missed = [await changeCustomer(), await changeCustomer()];
    await sleep(300);
    expect(receiver.hits).toHaveLength(1);

    receiver.answerWith(() => ({ status: 200 }));
    await enableWebhookEndpoint({ deps, actor: admin, endpointId: endpoint.id });
    const hits = await receiver.waitForHits(3);
    const versions = hits.slice(1).map((hit) => (JSON.parse(hit.body) as { data: { version: number } }).data.version);
    expect(versions.sort((a, b) => a - b)).toEqual(missed);
    expect(first).toBeLessThan(missed[0]!);
  });

  it("disabled by an admin, it keeps its place and its waiting attempts", async () => {
    receiver = await startWebhookReceiver();
    const endpoint = await endpointFor(receiver.url());
    await disableWebhookEndpoint({ deps, actor: admin, endpointId: endpoint.id });
    expect((await listWebhookEndpoints({ deps, actor: admin }))[0]).toMatchObject({ enabled: false, disabledReason: "manual" });
    const versions = [await changeCustomer(), await changeCustomer()];
    runWorker();
    await sleep(300);
    expect(receiver.hits).toHaveLength(0);
    await enableWebhookEndpoint({ deps, actor: admin, endpointId: endpoint.id });
    const hits = await receiver.waitForHits(2);
    expect(hits.map((hit) => (JSON.parse(hit.body) as { data: { version: number } }).data.version).sort((a, b) => a - b)).toEqual(versions);
    expect((await listWebhookEndpoints({ deps, actor: admin }))[0]).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
  });

  it("an endpoint whose every delivery failed for 5 days is disabled (failing)", async () => {
    receiver = await startWebhookReceiver();
    receiver.answerWith(() => ({ status: 500 }));
    const endpoint = await endpointFor(receiver.url());
    let clock = Date.now();
    runWorker({ now: () => new Date(clock), retrySchedule: [3600] });
    await changeCustomer();
    await receiver.waitForHits(1);
    const failing = await waitFor(
      async () => (await listWebhookEndpoints({ deps, actor: admin }))[0]!,
      (row) => row.failingSince !== null,
    );
    expect(failing.enabled).toBe(true);

    // four days on, a new event fails too: still enabled
    clock += 4 * 86_400_000;
    await changeCustomer();
    await receiver.waitForHits(2);
    await sleep(100);
    expect((await listWebhookEndpoints({ deps, actor: admin }))[0]!.enabled).toBe(true);

    // five days and a minute after the first failure
    clock += 86_400_000 + 60_000;
    await changeCustomer();
    await receiver.waitForHits(3);
    const disabled = await waitFor(
      async () => (await listWebhookEndpoints({ deps, actor: admin }))[0]!,
      (row) => !row.enabled,
    );
    expect(disabled).toMatchObject({ disabledReason: "failing", failingSince: failing.failingSince });
    // nothing more is sent, whatever waits
    const sent = receiver.hits.length;
    clock += 86_400_000;
    await changeCustomer();
    await sleep(300);
    expect(receiver.hits).toHaveLength(sent);
    expect((await attemptsOf(endpoint.id)).every((row) => row.status !== "sending")).toBe(true);
  });
});

describe("a worker that dies", () => {
  it("leaves what it claimed to another worker once its lease runs out; each attempt is sent once", async () => {
    receiver = await startWebhookReceiver();
    const endpoint = await endpointFor(receiver.url());
    await changeCustomer();
    await changeCustomer();
    // a worker fed the endpoint and claimed both attempts, then died before sending them (the feed
    // serves an event once every older transaction of the server has ended, another test file's too)
    await waitFor(
      async () => {
        await fanOutWebhookEvents(deps.db, new Date());
        return attemptsOf(endpoint.id);
      },
      (rows) => rows.length === 2,
    );
    const claimedAt = new Date();
    const claimed = await claimDueWebhookDeliveries(deps.db, {
      now: claimedAt,
      leaseUntil: new Date(claimedAt.getTime() + 600),
      leaseId: randomUUID(),
      max: 10,
    });
    expect(claimed.map((delivery) => delivery.attempt)).toEqual([1, 1]);

    runWorker();
    await sleep(300);
    expect(receiver.hits).toHaveLength(0);
    const hits = await receiver.waitForHits(2);
    expect(Math.min(...hits.map((hit) => hit.receivedAt)) - claimedAt.getTime()).toBeGreaterThanOrEqual(550);
    await sleep(200);
    expect(receiver.hits).toHaveLength(2);
    const attempts = await waitFor(() => attemptsOf(endpoint.id), (rows) => rows.every((row) => row.status === "succeeded"));
    expect(attempts.map(({ attempt, status }) => [attempt, status])).toEqual([
      [1, "succeeded"],
      [1, "succeeded"],
    ]);
  });
});

describe("a test event", () => {
  it("is sent at once, signed, typed webhook.test, and answered with its outcome", async () => {
    receiver = await startWebhookReceiver();
    const endpoint = await endpointFor(receiver.url());
    const attempt = await sendWebhookTest({ deps, actor: admin, endpointId: endpoint.id });
    expect(attempt).toMatchObject({ eventType: "webhook.test", attempt: 1, status: "succeeded", responseStatus: 200 });
    const [hit] = receiver.hits;
    const event = new Webhook(endpoint.secret).verify(hit!.body, hit!.headers as Record<string, string>);
    expect(event).toEqual({
      id: attempt.eventId,
      type: "webhook.test",
      createdAt: expect.any(String),
      data: { endpointId: endpoint.id, message: "A test event sent by an admin: nothing changed." },
    });
    expect(attempt.eventId).toMatch(/^evt_test_[0-9a-f]{24}$/);

    // a failing test is not retried and leaves the endpoint's health alone
    receiver.answerWith(() => ({ status: 500 }));
    expect(await sendWebhookTest({ deps, actor: admin, endpointId: endpoint.id })).toMatchObject({ status: "abandoned", responseStatus: 500 });
    expect((await listWebhookEndpoints({ deps, actor: admin }))[0]).toMatchObject({ enabled: true, failingSince: null });
  });
});

describe("retention", () => {
  it("sweeps attempts over and done with, never one still to send", async () => {
    receiver = await startWebhookReceiver();
    receiver.answerWith(() => ({ status: 500 }));
    const endpoint = await endpointFor(receiver.url());
    await changeCustomer();
    runWorker({ retrySchedule: [3600] });
    await waitFor(() => attemptsOf(endpoint.id), (rows) => rows.map((row) => row.status).join() === "failed,pending");
    await deleteWebhookDeliveriesBefore(deps.db, new Date(Date.now() + 60_000));
    expect((await attemptsOf(endpoint.id)).map(({ attempt, status }) => [attempt, status])).toEqual([[2, "pending"]]);
  });
});
