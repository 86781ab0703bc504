/**
 * The tRPC door over HTTP, as the UI's client calls it, against input a
 * hostile or broken client sends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { handleTRPCRequest } from "~/server/trpc/http";

import { captureLogs } from "./support/captured-logs";
import { countedBody } from "./support/counted-body";
import { trpcHttp } from "./support/trpc-http";
import { PUBLIC_BASE_URL, sessionTokenOf, startTestServer, type TestServer } from "./support/test-server";

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

describe("the body limit, enforced while the body streams in", () => {
  // a signed-in chunked 300 MB body took the server from 250 MB to 1.47 GB before
  const hugeBytes = 300 * 1024 * 1024;
  const chunkBytes = 64 * 1024;

  async function postChunked(procedure: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
    const response = await handleTRPCRequest(
      new Request(`${PUBLIC_BASE_URL}/api/trpc/${procedure}`, { method: "POST", headers: { ...entity1, ...headers }, body, duplex: "half" } as RequestInit),
      server.deps,
    );
    return { status: response.status, body: (await response.json()) as unknown };
  }

  const cases: { name: string; procedure: string; headers: Record<string, string>; prefix: string }[] = [
    { name: "a chunked update", procedure: "customer.update", headers: { "content-type": "application/json" }, prefix: '{"json":{"id":256,"patch":{"comment":"' },
    {
      name: "a chunked update that declares a small length",
      procedure: "customer.update",
      headers: { "content-type": "application/json", "content-length": "100" },
      prefix: '{"json":{"id":256,"patch":{"comment":"',
    },
    {
      name: "a chunked picture upload (FormData)",
      procedure: "customer.uploadLogo",
      headers: { "content-type": "multipart/form-data; boundary=b" },
      prefix: '--b\r\nContent-Disposition: form-data; name="id"\r\n\r\n256\r\n--b\r\nContent-Disposition: form-data; name="imageFile"; filename="a.png"\r\n\r\n',
    },
  ];

  for (const { name, procedure, headers, prefix } of cases) {
    it(`answers 413 to ${name} past the limit without reading it to its end`, async () => {
      const before = await storedCustomer();
      const body = countedBody({ totalBytes: hugeBytes, prefix, chunkBytes });
      const response = await postChunked(procedure, body.stream, headers);
      expect(response.status).toBe(413);
      expect(response.body).toEqual({
        error: { message: `The request body exceeds ${server.deps.config.maxRequestBytes} bytes.`, code: "PAYLOAD_TOO_LARGE" },
      });
      expect(body.ended).toBe(false);
      expect(body.pulled).toBeLessThanOrEqual(server.deps.config.maxRequestBytes + chunkBytes);
      expect(await storedCustomer()).toEqual(before);
    });
  }

  it("answers 413 to a declared length past the limit without reading anything", async () => {
    const body = countedBody({ totalBytes: hugeBytes, chunkBytes });
    const response = await postChunked("customer.update", body.stream, { "content-type": "application/json", "content-length": String(hugeBytes) });
    expect(response.status).toBe(413);
    expect(body.pulled).toBe(0);
  });

  it("does not log a client that went away mid-body as a server fault", async () => {
    const before = await storedCustomer();
    const logs = captureLogs();
    try {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ === 0) controller.enqueue(new TextEncoder().encode('{"json":{"id":256,"patch":{"comment":"half'));
          // what Node's HTTP server gives when the client's connection closes mid-body
          else controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
        },
      });
      const response = await postChunked("customer.update", body, { "content-type": "application/json" });
      expect(response.status).not.toBe(500);
      expect(logs.errors()).toEqual([]);
      expect(logs.lines()).toContainEqual(expect.objectContaining({ level: "info", reason: "aborted" }));
    } finally {
      logs.restore();
    }
    expect(await storedCustomer()).toEqual(before);
  });

  it("still takes a chunked body within the limit", async () => {
    const json = JSON.stringify({ json: { id: 256, patch: { comment: "streamed" } } });
    const body = countedBody({ totalBytes: json.length, prefix: json, chunkBytes });
    const response = await postChunked("customer.update", body.stream, { "content-type": "application/json" });
    expect(response.status).toBe(200);
    expect(body.ended).toBe(true);
    expect(await storedCustomer()).toMatchObject({ comment: "streamed" });
  });
});
