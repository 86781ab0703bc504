/**
 * Two app instances on one PostgreSQL database, each with its own pool and
 * its own webhook worker, while customers change: every event reaches each
 * endpoint, and no attempt is ever sent twice. The receiver counts its hits
 * per endpoint and event; each must equal the attempts recorded for them
 * (a retried event has two: the receiver fails the first try of every third
 * event), with exactly one success.
 *
 * Needs transactions that really run side by side: on the embedded database
 * one connection serializes everything, so the file runs in the PostgreSQL
 * suite only (vitest.config.ts).
 */
import { createDatabase, type DatabaseHandle } from "@cr/db/client";
import { findUserForLogin, listWebhookDeliveries, type WebhookDelivery } from "@cr/db/repositories";
import { seedDemoData } from "@cr/db/seed";
import { createTestDatabase, type TestDatabase } from "@cr/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createServerDeps, type ServerDeps } from "~/server/deps";
import { createLocalPictureStorage } from "~/server/pictures/picture-storage";
import { createWebhookEndpoint } from "~/server/services/webhooks/create-webhook-endpoint";
import { updateCustomer } from "~/server/services/update-customer";
import { startWebhookWorker, type WebhookWorker } from "~/server/webhooks/webhook-worker";

import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const WRITERS = 6;
const CHANGES_PER_WRITER = 40;

let database: TestDatabase;
let second: DatabaseHandle;
let receiver: WebhookReceiver;
const workers: WebhookWorker[] = [];

function depsOn(db: ServerDeps["db"]): ServerDeps {
  return createServerDeps({
    db,
    pictureStorage: createLocalPictureStorage({ rootDir: "/nonexistent" }),
    config: { publicBaseUrl: "http://records.test", sessionTtlHours: 1, maxRequestBytes: 1024 * 1024, webhooks: { allowPrivate: true } },
    rateLimitPerMinute: 100_000,
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db, { adminPassword: "demo-password", customersPerOrganization: 12 });
  second = await createDatabase({ url: database.url!, maxConnections: 8 });
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await receiver?.close();
  await second?.close();
  await database?.close();
});

describe("two instances sending webhooks from one database", () => {
  it("send every event to each endpoint, never one attempt twice", { timeout: 180_000 }, async () => {
    const instances = [depsOn(database.db), depsOn(second.db)];
    const admin = { ...(await findUserForLogin(instances[0]!.db, "admin@entity1.test"))!, tokenScope: null };
    const endpoints = await Promise.all(
      ["/a", "/b"].map((path) =>
        createWebhookEndpoint({ deps: instances[0]!, actor: admin, endpoint: { url: receiver.url(path), events: ["customer.updated"], description: path } }),
      ),
    );
    const tries = new Map<string, number>();
    receiver.answerWith((hit) => {
      const key = `${hit.path} ${String(hit.headers["webhook-id"])}`;
      const count = (tries.get(key) ?? 0) + 1;
      tries.set(key, count);
      const eventNumber = Number(String(hit.headers["webhook-id"]).slice("evt_".length));
      return eventNumber % 3 === 0 && count === 1 ? { status: 500 } : { status: 200 };
    });
    for (const deps of instances) {
      workers.push(startWebhookWorker({ db: deps.db, retrySchedule: [0.05, 0.05], allowPrivate: true, pollIntervalMs: 10, concurrency: 8 }));
    }

    // writers on both instances, some on the same customers at once
    const customerIds = [256, ...Array.from({ length: 11 }, (_, index) => 257 + index)];
    let committed = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        const deps = instances[writer % 2]!;
        for (let change = 0; change < CHANGES_PER_WRITER; change++) {
          const id = customerIds[(writer * 7 + change) % customerIds.length]!;
          await updateCustomer({ deps, actor: admin, lookup: { id }, patch: { comment: `writer ${writer} change ${change}` }, channel: "api" });
          committed++;
        }
      }),
    );
    expect(committed).toBe(WRITERS * CHANGES_PER_WRITER);

    const attemptsOf = async (endpointId: number) => {
      const rows: WebhookDelivery[] = [];
      for (let before: number | undefined; ; ) {
        const page = await listWebhookDeliveries(instances[0]!.db, { endpointId, max: 500, before });
        rows.push(...page);
        if (page.length < 500) return rows;
        before = page.at(-1)!.id;
      }
    };
    // every event of every endpoint delivered, nothing left to send
    const deadline = Date.now() + 120_000;
    let attempts: WebhookDelivery[][] = [];
    for (;;) {
      attempts = await Promise.all(endpoints.map((endpoint) => attemptsOf(endpoint.id)));
      const open = attempts.flat().filter((row) => row.status === "pending" || row.status === "sending").length;
      const delivered = attempts.map((rows) => new Set(rows.filter((row) => row.status === "succeeded").map((row) => row.eventId)).size);
      if (open === 0 && delivered.every((count) => count >= WRITERS * CHANGES_PER_WRITER)) break;
      if (Date.now() > deadline) throw new Error(`not delivered in time: ${open} open, ${delivered.join(" and ")} delivered`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    for (const [index, endpoint] of endpoints.entries()) {
      const rows = attempts[index]!;
      const path = endpoint.description;
      const hitsByEvent = new Map<string, number>();
      for (const hit of receiver.hits.filter((hit) => hit.path === path)) {
        const id = String(hit.headers["webhook-id"]);
        hitsByEvent.set(id, (hitsByEvent.get(id) ?? 0) + 1);
      }
      const rowsByEvent = new Map<string, WebhookDelivery[]>();
      for (const row of rows) rowsByEvent.set(row.eventId, [...(rowsByEvent.get(row.eventId) ?? []), row]);

      expect(rowsByEvent.size, path).toBe(WRITERS * CHANGES_PER_WRITER);
      expect([...hitsByEvent.keys()].sort(), path).toEqual([...rowsByEvent.keys()].sort());
      for (const [eventId, eventRows] of rowsByEvent) {
        // one hit per recorded attempt: no attempt was sent twice
        expect(hitsByEvent.get(eventId), `${path} ${eventId}`).toBe(eventRows.length);
        expect(eventRows.filter((row) => row.status === "succeeded"), `${path} ${eventId}`).toHaveLength(1);
        const retried = Number(eventId.slice("evt_".length)) % 3 === 0;
        expect(eventRows.map((row) => row.attempt).sort(), `${path} ${eventId}`).toEqual(retried ? [1, 2] : [1]);
      }
    }
  });
});
