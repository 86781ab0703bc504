/**
 * The tRPC door over HTTP, as the UI's client calls it, against input a
 * hostile or broken client sends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { trpcHttp } from "./support/trpc-http";
import { sessionTokenOf, startTestServer, type TestServer } from "./support/test-server";

let server: TestServer;
let entity1: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 1 });
  entity1 = { cookie: `JSESSIONID=${await sessionTokenOf(server.deps, "admin@entity1.test")}` };
});

afterAll(async () => {
  await server?.close();
});

async function storedCustomer() {
  const result = await trpcHttp(server.deps, { procedure: "customer.byId", input: { id: 256 }, kind: "query", headers: entity1 });
  expect(result.status).toBe(200);
  return result.data;
}

describe("refused input changes nothing and says why", () => {
  it("refuses a NUL character in a string as a wrong type (it was a 500)", async () => {
    const before = await storedCustomer();
    const update = await trpcHttp(server.deps, {
      procedure: "customer.update",
      input: { id: 256, patch: { comment: "a\u0000b" } },
      kind: "mutation",
      headers: entity1,
    });
    expect(update.status).toBe(400);
    expect(update.error).toMatchObject({
      message: "The type of parameter comment you provided is not valid for this request.",
      data: { code: "BAD_REQUEST", domainCode: "invalid_param_type", field: "comment" },
    });
    expect(await storedCustomer()).toEqual(before);

    const list = await trpcHttp(server.deps, { procedure: "customer.list", input: { search: "a\u0000b" }, kind: "query", headers: entity1 });
    expect(list.status).toBe(400);
    expect(list.error).toMatchObject({ data: { code: "BAD_REQUEST", domainCode: "invalid_param_type", field: "search" } });
  });

  it("refuses a credit limit that cannot be stored exactly rather than round it", async () => {
    const before = await storedCustomer();
    // JSON.parse reads it as 1234567890123456.8: it was stored as 1234567890123456.80
    const body = '{"json":{"id":256,"patch":{"creditLimit":1234567890123456.78}}}';
    const update = await trpcHttp(server.deps, { procedure: "customer.update", rawBody: body, kind: "mutation", headers: entity1 });
    expect(update.status).toBe(400);
    expect(update.error).toMatchObject({
      message: "creditLimit must have at most 15 significant digits: a longer amount cannot be stored exactly.",
      data: { code: "BAD_REQUEST", domainCode: "invalid_param", field: "creditLimit" },
    });
    expect(await storedCustomer()).toEqual(before);
  });

  it("stores the largest amount it accepts exactly", async () => {
    const update = await trpcHttp(server.deps, {
      procedure: "customer.update",
      input: { id: 256, patch: { creditLimit: 9_999_999_999_999.99 } },
      kind: "mutation",
      headers: entity1,
    });
    expect(update.status).toBe(200);
    expect(await storedCustomer()).toMatchObject({ creditLimit: 9_999_999_999_999.99 });
  });
});
