/**
 * `POST /api/v2.1/customers/batch`: many updates in one request, each item
 * refused or accepted exactly as the same form POST would be; atomic or each
 * item alone; one Idempotency-Key for the whole batch. On PGlite and on a
 * PostgreSQL server.
 */
import { listCustomerHistory } from "@cr/db/repositories";
import { testDatabaseKind } from "@cr/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { legacyApiSchemas } from "~/server/legacy/openapi-document";

import { createLegacyApiClient } from "../support/legacy-api-client";
import { createLegacyClient, sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let api: ReturnType<typeof createLegacyApiClient>;
let client: ReturnType<typeof createLegacyClient>;
let entity1: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  api = createLegacyApiClient(server.deps);
  client = createLegacyClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
});

afterAll(async () => {
  await server?.close();
});

interface BatchAnswer {
  atomic: boolean;
  items: { status: number; body: Record<string, unknown> }[];
}

function postBatch(items: unknown, options: { atomic?: boolean; headers?: Record<string, string>; version?: string } = {}) {
  const query = options.atomic === undefined ? "" : `?atomic=${options.atomic}`;
  return api.request(`/api/${options.version ?? "v2.1"}/customers/batch${query}`, {
    method: "POST",
    headers: { ...entity1, "content-type": "application/json", ...options.headers },
    body: JSON.stringify({ items }),
  });
}

async function batch(items: unknown, options: Parameters<typeof postBatch>[1] = {}): Promise<BatchAnswer> {
  const response = await postBatch(items, options);
  expect(response.status).toBe(200);
  return (await response.json()) as BatchAnswer;
}

async function show(id: string) {
  return (await (await client.call({ version: "v2.1", customer: { id }, headers: entity1 })).json()) as Record<string, unknown>;
}

/** The same item as one form POST: status and body. */
async function asOneFormPost(id: string, fields: Record<string, string>) {
  const response = await client.call({ method: "POST", customer: { id }, headers: entity1, body: new URLSearchParams(fields) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const withoutDates = ({ lastUpdated: _lastUpdated, ...rest }: Record<string, unknown>) => rest;

describe(`customer batch API on ${testDatabaseKind}`, () => {
  it("answers each item as the same form POST answers it, in order, typed JSON values read as the form's text", async () => {
    const answer = await batch([
      { id: 260, creditLimit: 6000.5, onHold: true, onHoldReason: "unpaid", paymentTypes: [{ id: 7 }] },
      { id: "NC-3", phone: "+33 4 93 00 00 02", website: null },
      { id: 261, billingLat: "north" },
      { id: 262, currency: "JPY" },
      { id: 999_999, comment: "nobody" },
    ]);
    expect(answer.atomic).toBe(false);
    expect(legacyApiSchemas.CustomerBatchAnswer.safeParse(answer).success).toBe(true);
    expect(answer.items.map((item) => item.status)).toEqual([200, 200, 400, 400, 404]);
    expect(answer.items[0]!.body).toMatchObject({ id: 260, creditLimit: 6000.5, onHold: true, onHoldReason: "unpaid" });
    expect(answer.items[0]!.body.paymentTypes).toMatchObject([{ id: 7 }]);
    expect(answer.items[1]!.body).toMatchObject({ id: 256, phone: "+33 4 93 00 00 02", website: null });
    for (const item of answer.items.filter((item) => item.status === 200)) {
      expect(legacyApiSchemas.Customer.safeParse(item.body).success).toBe(true);
    }

    // the refusals: exactly what one form POST of the same values answers
    expect(answer.items.slice(2)).toEqual([
      await asOneFormPost("261", { billingLat: "north" }),
      await asOneFormPost("262", { currency: "JPY" }),
      await asOneFormPost("999999", { comment: "nobody" }),
    ]);
    // and the accepted ones: what a show answers afterwards
    expect(withoutDates(answer.items[0]!.body)).toEqual(withoutDates(await show("260")));
  });

  it("writes nothing of an atomic batch with one refused item, and says which and why", async () => {
    const before = [await show("263"), await show("264")];
    const historyBefore = (await listCustomerHistory(server.deps.db, { organizationId: 1, customerId: 263, limit: 100 })).length;
    const answer = await batch(
      [
        { id: 263, comment: "all or nothing" },
        { id: 264, customerRiskColor: "reddish" },
      ],
      { atomic: true },
    );
    expect(answer).toEqual({
      atomic: true,
      items: [
        {
          status: 424,
          body: { error: "not_applied", error_description: "Not applied: another item of this atomic batch was refused, so none was written." },
        },
        { status: 400, body: { error: "invalid_param", error_description: "customerRiskColor must be a colour written #RGB or #RRGGBB." } },
      ],
    });
    expect([await show("263"), await show("264")]).toEqual(before);
    expect((await listCustomerHistory(server.deps.db, { organizationId: 1, customerId: 263, limit: 100 })).length).toBe(historyBefore);
  });

  it("writes nothing of an atomic batch whose refused item never reached the rules (no id, a wrong type)", async () => {
    const before = await show("265");
    const answer = await batch([{ id: 265, comment: "checked, not written" }, { comment: "no id" }, "not an object"], { atomic: true });
    expect(answer.items.map((item) => [item.status, item.body.error])).toEqual([
      [424, "not_applied"],
      [400, "missing_param"],
      [400, "invalid_param_type"],
    ]);
    expect(answer.items[1]!.body.error_description).toBe("id parameter is missing");
    expect(await show("265")).toEqual(before);
  });

  it("applies an atomic batch whole when every item is accepted", async () => {
    const answer = await batch(
      [
        { id: 266, comment: "first" },
        { id: 266, comment: "second" },
        { id: 257, isActive: false },
      ],
      { atomic: true },
    );
    expect(answer.items.map((item) => item.status)).toEqual([200, 200, 200]);
    expect((await show("266")).comment).toBe("second");
    expect((await show("257")).isActive).toBe(false);
  });

  it("replays the whole batch's answer to a retry with the same Idempotency-Key, writing once", async () => {
    const key = { "idempotency-key": "nightly-sync-2026-12-01" };
    const items = [{ id: 258, comment: "once" }];
    const first = await postBatch(items, { headers: key });
    const history = () => listCustomerHistory(server.deps.db, { organizationId: 1, customerId: 258, limit: 100 });
    const writes = (await history()).length;
    const retry = await postBatch(items, { headers: key });
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.text()).toBe(await first.text());
    expect((await history()).length).toBe(writes);

    const other = await postBatch([{ id: 258, comment: "another batch" }], { headers: key });
    expect(other.status).toBe(422);
    const atomicRetry = await postBatch(items, { headers: key, atomic: true });
    expect(atomicRetry.status).toBe(422);
  });

  it("names a customer by customerReference, a reference even when it is all digits", async () => {
    // an ERP's customer number as the reference
    expect((await asOneFormPost("257", { reference: "10025" })).status).toBe(200);
    const history = () => listCustomerHistory(server.deps.db, { organizationId: 1, customerId: 257, limit: 100 });
    const historyBefore = (await history()).length;
    const answer = await batch([
      // digits in id are an internal id: no way to name this customer there
      { id: "10025", comment: "digits are an id" },
      { customerReference: " 10025 ", comment: "named by its reference" },
      { id: 257, customerReference: "10025", comment: "named twice" },
      { comment: "named by nothing" },
      // customerReference finds the customer, reference changes its reference
      { customerReference: "10025", reference: "10026" },
      { customerReference: "10025", comment: "by the reference it no longer has" },
      { customerReference: 10026, billingCity: "Grasse" },
      { customerReference: "NC-3", comment: "any reference" },
    ]);
    expect(legacyApiSchemas.CustomerBatchAnswer.safeParse(answer).success).toBe(true);
    expect(answer.items.map((item) => [item.status, item.body.error ?? item.body.id])).toEqual([
      [404, "not_found"],
      [200, 257],
      [400, "invalid_param"],
      [400, "missing_param"],
      [200, 257],
      [404, "not_found"],
      [200, 257],
      [200, 256],
    ]);
    expect(answer.items[0]!.body.error_description).toBe("The customer with the id 10025 doesn't exist.");
    expect(answer.items[1]!.body).toMatchObject({ reference: "10025", comment: "named by its reference" });
    expect(answer.items[2]!.body.error_description).toBe("Name the customer by id or by customerReference, not both.");
    expect(answer.items[3]!.body.error_description).toBe("id parameter is missing");
    expect(answer.items[4]!.body).toMatchObject({ reference: "10026", comment: "named by its reference" });
    expect(answer.items[5]!.body.error_description).toBe("The customer with the reference 10025 doesn't exist.");
    expect(answer.items[6]!.body).toMatchObject({ reference: "10026", billingCity: "Grasse" });
    expect(answer.items[7]!.body).toMatchObject({ reference: "NC-3", comment: "any reference" });
    // the refused items wrote nothing
    expect(await show("257")).toMatchObject({ reference: "10026", comment: "named by its reference", billingCity: "Grasse" });
    const written = (await history()).slice(0, -historyBefore || undefined);
    const changed = written.map((entry) => `${entry.field}=${entry.newValue}`).filter((change) => !change.startsWith("city="));
    expect(changed.sort()).toEqual(["billingCity=Grasse", "comment=named by its reference", "reference=10026"]);
  });

  it("writes nothing of an atomic batch with an item named both ways", async () => {
    const before = await show("258");
    const answer = await batch(
      [
        { customerReference: "NC-002", comment: "checked, not written" },
        { id: 258, customerReference: "NC-002", comment: "named twice" },
      ],
      { atomic: true },
    );
    expect(answer.items.map((item) => [item.status, item.body.error])).toEqual([
      [424, "not_applied"],
      [400, "invalid_param"],
    ]);
    expect(await show("258")).toEqual(before);
  });

  it("refuses what is not a batch, writing nothing", async () => {
    const tooMany = Array.from({ length: 501 }, () => ({ id: 259, comment: "too many" }));
    const refusals = [
      await postBatch(tooMany),
      await postBatch([]),
      await api.request("/api/v2.1/customers/batch", {
        method: "POST",
        headers: { ...entity1, "content-type": "application/json" },
        body: "{not json",
      }),
      await api.request("/api/v2.1/customers/batch", {
        method: "POST",
        headers: { ...entity1, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ items: "[]" }),
      }),
      await postBatch([{ id: 259 }], { version: "v1.0" }),
      await postBatch([{ id: 259 }], { headers: { cookie: "" } }),
      await api.request("/api/v2.1/customers/batch", { method: "GET", headers: entity1 }),
    ];
    expect(await Promise.all(refusals.map(async (response) => [response.status, ((await response.json()) as { error: string }).error]))).toEqual([
      [400, "invalid_param"],
      [400, "missing_param"],
      [400, "invalid_param_type"],
      [400, "invalid_param_type"],
      [404, "not_found"],
      [401, "unauthorized"],
      [405, "method_not_allowed"],
    ]);
    expect((await show("259")).comment).toBeNull();
  });
});
