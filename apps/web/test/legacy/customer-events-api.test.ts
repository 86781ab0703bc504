/**
 * Every committed change of a customer, from every door, becomes one event
 * in the change feed (`GET /api/v2.1/events`), written with the change; a
 * refused or no-change update writes none. The feed pages by its cursor,
 * shows only the caller's organization, and refuses what it cannot read.
 */
import { CustomerEventJson } from "@cr/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";

import { createCustomerImportHandlers } from "~/server/imports/customer-import-handler";

import { makePng } from "../pictures/images";
import { createLegacyApiClient } from "../support/legacy-api-client";
import { sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer, trpcCallerFor } from "../support/test-server";

let server: TestServer;
let api: ReturnType<typeof createLegacyApiClient>;
let entity1: Record<string, string>;
let entity2: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 5 });
  api = createLegacyApiClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
  entity2 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity2.test"));
});

afterAll(async () => {
  await server?.close();
});

interface FeedPage {
  data: CustomerEventJson[];
  cursor: string;
}

async function feed(headers: Record<string, string>, query = ""): Promise<FeedPage> {
  const response = await api.get(`/api/v2.1/events${query}`, headers);
  expect(response.status).toBe(200);
  return (await response.json()) as FeedPage;
}

/** Every event from `cursor` on, page after page. */
async function readAll(headers: Record<string, string>, cursor?: string): Promise<FeedPage> {
  const events: CustomerEventJson[] = [];
  for (;;) {
    const page = await feed(headers, `?max=2${cursor ? `&after=${cursor}` : ""}`);
    events.push(...page.data);
    if (page.data.length === 0) return { data: events, cursor: page.cursor };
    cursor = page.cursor;
  }
}

type CustomerEventJson = z.output<typeof CustomerEventJson>;

describe("every door records one event per committed change", () => {
  it("the form POST, tRPC, a batch item, a bulk edit, an import row and a new logo; nothing for a refusal or no change", async () => {
    const start = (await readAll(entity1)).cursor;
    const form = (body: Record<string, string>) =>
      api.request("/api/v1.0/customers/256", { method: "POST", headers: entity1, body: new URLSearchParams(body) });
    const before = (await (await api.get("/api/v1.0/customers/256", entity1)).json()) as { creditLimit: number };

    expect((await form({ creditLimit: "6000" })).status).toBe(200);
    expect((await form({ creditLimit: "6000" })).status).toBe(200); // no change: no event
    expect((await form({ billingLat: "123" })).status).toBe(400); // refused: no event
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    await caller.customer.update({ id: 256, patch: { onHold: true, onHoldReason: "Unpaid invoices" } });
    const batch = await api.request("/api/v2.1/customers/batch", {
      method: "POST",
      headers: { ...entity1, "content-type": "application/json" },
      body: JSON.stringify({ items: [{ id: 256, comment: "from the ERP" }, { id: 256, billingLat: "123" }] }),
    });
    expect(batch.status).toBe(200);
    await caller.customer.bulkUpdate({ selection: { ids: [256] }, patch: { isActive: false }, preview: false });
    const imported = await createCustomerImportHandlers(() => Promise.resolve(server.deps)).POST(
      new Request("http://records.test/api/customer-import?mode=rows", {
        method: "POST",
        headers: { ...entity1, "content-type": "text/csv" },
        body: "id,phone\n256,+33 1 02 03 04 05\n",
      }),
    );
    await imported.text();
    const logo = new FormData();
    logo.set("id", "256");
    logo.set("imageFile", new File([new Uint8Array(await makePng(64, 64))], "logo.png"));
    await caller.customer.uploadLogo(logo);

    // the feed serves an event once every older transaction of the server has ended (another test
    // file's on a shared PostgreSQL server too): wait for the six
    let events: CustomerEventJson[] = [];
    await expect.poll(async () => (events = (await readAll(entity1, start)).data).length, { timeout: 20_000 }).toBe(6);
    for (const event of events) expect(CustomerEventJson.safeParse(event).error).toBeUndefined();
    expect(events.map(({ data }) => [data.channel, data.changes.map((change) => change.field)])).toEqual([
      ["api", ["creditLimit"]],
      ["ui", ["onHold", "onHoldReason"]],
      ["api", ["comment"]],
      ["ui", ["isActive"]],
      ["import", ["phone"]],
      ["ui", ["logo"]],
    ]);
    expect(events[0]).toMatchObject({
      type: "customer.updated",
      data: {
        customerId: 256,
        reference: "NC-3",
        changedBy: { userId: 1, reference: "emp-001", href: "/api/v2.1/users/1" },
        changes: [{ field: "creditLimit", oldValue: String(before.creditLimit), newValue: "6000" }],
      },
    });
    // each event carries the version its change stored, one after the other
    const versions = events.map(({ data }) => data.version);
    expect(versions).toEqual(versions.map((_, index) => versions[0]! + index));
    const shown = await api.get("/api/v1.0/customers/256", entity1);
    expect(shown.headers.get("etag")).toBe(`"${versions.at(-1)}"`);
    expect(new Set(events.map(({ id }) => id)).size).toBe(events.length);
  });
});

describe("GET /api/v2.1/events", () => {
  it("pages by the cursor, which stays where it was when nothing is new", async () => {
    const { cursor } = await readAll(entity1);
    const empty = await feed(entity1, `?after=${cursor}`);
    expect(empty).toEqual({ data: [], cursor });

    await api.request("/api/v1.0/customers/256", { method: "POST", headers: entity1, body: new URLSearchParams({ comment: "one more" }) });
    let next: FeedPage = { data: [], cursor };
    await expect.poll(async () => (next = await feed(entity1, `?after=${cursor}`)).data.length, { timeout: 20_000 }).toBe(1);
    expect(next.data.map(({ data }) => data.changes[0]?.newValue)).toEqual(["one more"]);
    expect(next.cursor).not.toBe(cursor);
  });

  it("shows only the caller's organization", async () => {
    const before = await readAll(entity2);
    await api.request("/api/v1.0/customers/256", { method: "POST", headers: entity1, body: new URLSearchParams({ comment: "entity1 only" }) });
    expect((await feed(entity2, `?after=${before.cursor}`)).data).toEqual([]);
    expect(before.data.every(({ data }) => data.customerId !== 256)).toBe(true);
  });

  it.each([
    ["?max=0", 400, "invalid_param"],
    ["?max=501", 400, "invalid_param"],
    ["?after=garbage!", 400, "invalid_param_type"],
    ["?max=1&max=2", 400, "invalid_param_type"],
  ])("refuses %s", async (query, status, error) => {
    const response = await api.get(`/api/v2.1/events${query}`, entity1);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error });
  });

  it("exists from v2.1 on, for signed-in callers", async () => {
    expect((await api.get("/api/v1.0/events", entity1)).status).toBe(404);
    expect((await api.get("/api/v2.1/events")).status).toBe(401);
  });
});
