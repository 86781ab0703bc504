/**
 * SPEC §5's `ETag` and `If-Match` on the legacy door, and what concurrent
 * writers of one customer get, on PGlite and on a PostgreSQL server.
 */
import { testDatabaseKind } from "@cr/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLegacyClient, sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let client: ReturnType<typeof createLegacyClient>;
let entity1: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  client = createLegacyClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
});

afterAll(async () => {
  await server?.close();
});

async function show(id: string) {
  const response = await client.call({ customer: { id }, headers: entity1 });
  expect(response.status).toBe(200);
  return { etag: response.headers.get("etag"), body: (await response.json()) as Record<string, unknown> };
}

function post(id: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return client.call({ method: "POST", customer: { id }, headers: { ...entity1, ...headers }, body: new URLSearchParams(fields) });
}

/** A valid value of `field` that carries `value`. */
function wireValue(field: string, value: string): string {
  if (field === "email") return `${value}@shop.example`;
  if (field === "website") return `https://${value}.shop.example`;
  return value;
}

describe(`ETag and If-Match on ${testDatabaseKind}`, () => {
  it("tags every answer with the customer's version, and a write moves it on", async () => {
    const before = await show("257");
    expect(before.etag).toMatch(/^"\d+"$/);
    const written = await post("257", { comment: "tagged" });
    expect(written.status).toBe(200);
    expect(Number(JSON.parse(written.headers.get("etag")!))).toBe(Number(JSON.parse(before.etag!)) + 1);
    expect((await show("257")).etag).toBe(written.headers.get("etag"));
  });

  it("writes while If-Match names the stored version (or *), and refuses 412 with nothing written otherwise", async () => {
    const { etag, body } = await show("258");
    const version = Number(JSON.parse(etag!));

    for (const ifMatch of [`"${version - 1}"`, `W/${etag}`, '"not-a-version"', ""]) {
      const refused = await post("258", { comment: `stale ${ifMatch}` }, { "if-match": ifMatch });
      expect(refused.status, ifMatch).toBe(412);
      expect(await refused.json()).toEqual({
        error: "precondition_failed",
        error_description: "The customer was changed since it was read.",
      });
    }
    expect(await show("258")).toEqual({ etag, body });

    const listed = await post("258", { comment: "one of the list" }, { "if-match": `"${version + 7}", ${etag}` });
    expect(listed.status).toBe(200);
    const any = await post("258", { comment: "any version" }, { "if-match": "*" });
    expect(any.status).toBe(200);
    expect((await show("258")).body).toMatchObject({ comment: "any version" });
  });

  it("lets exactly one of 50 concurrent writes with the same If-Match through", async () => {
    const { etag } = await show("259");
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, n) => post("259", { comment: `writer ${n}` }, { "if-match": etag! })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(49);

    const winner = answers.find((answer) => answer.status === 200)!;
    const stored = await show("259");
    expect(stored.body.comment).toBe(((await winner.json()) as { comment: string }).comment);
    expect(Number(JSON.parse(stored.etag!))).toBe(Number(JSON.parse(etag!)) + 1);
  });

  it("keeps every one of concurrent writes of different fields without If-Match", async () => {
    const fields = [
      "name", "reference2", "barcode", "email", "phone", "mobile", "fax", "comment", "website", "taxNumber",
      "companyRegistrationNumber", "billingCity", "billingPostalCode", "billingAddress", "onHoldReason",
    ];
    // each field written by several requests: 50 in all, each the last of its field or overwritten by one that is
    const writes = Array.from({ length: 50 }, (_, n) => ({ field: fields[n % fields.length]!, value: `v${n}` }));
    await post("260", { isSameAddress: "false" });
    const answers = await Promise.all(writes.map(({ field, value }) => post("260", { [field]: wireValue(field, value) })));
    const refusals = await Promise.all(answers.filter((answer) => answer.status !== 200).map((answer) => answer.text()));
    expect(refusals).toEqual([]);

    // the answers' versions are the order in which the writes were applied
    const applied = await Promise.all(answers.map(async (answer, n) => ({ n, version: Number(JSON.parse(answer.headers.get("etag")!)) })));
    expect(new Set(applied.map((write) => write.version)).size).toBe(50);
    const lastOfField = new Map<string, number>();
    for (const { n } of applied.sort((a, b) => a.version - b.version)) lastOfField.set(writes[n]!.field, n);

    const stored = (await show("260")).body;
    for (const [field, n] of lastOfField) {
      expect(stored[field], field).toBe(wireValue(field, `v${n}`));
    }
  });
});
