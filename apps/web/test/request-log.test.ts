/**
 * SPEC §5 `X-Request-Id` and the request log: every answer of the legacy API,
 * tRPC and `/uploads` carries an id (the client's when it is acceptable), each
 * request writes one log line with its route, status, duration, organization,
 * user and id, and a 500 can be traced from what the user sees to the fault's
 * log line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createUploadsHandler } from "~/server/pictures/serve-upload";
import { handleTRPCRequest } from "~/server/trpc/http";

import { captureLogs, type LogLine } from "./support/captured-logs";
import { createLegacyApiClient } from "./support/legacy-api-client";
import { bearer, sessionCookie } from "./support/legacy-client";
import { DEMO_PASSWORD, PUBLIC_BASE_URL, sessionTokenOf, startTestServer, type TestServer } from "./support/test-server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: TestServer;
let api: ReturnType<typeof createLegacyApiClient>;
let sessionToken: string;
let entity1: Record<string, string>;
let adminId: number;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 1 });
  api = createLegacyApiClient(server.deps);
  sessionToken = await sessionTokenOf(server.deps, "admin@entity1.test");
  entity1 = sessionCookie(sessionToken);
  const login = await api.request("/j_spring_security_check", {
    method: "POST",
    body: new URLSearchParams({ j_username: "admin@entity1.test", j_password: DEMO_PASSWORD }),
  });
  adminId = ((await login.json()) as { user: { id: number } }).user.id;
});

afterAll(async () => {
  await server?.close();
});

function trpcRequest(procedure: string, input: unknown, headers: Record<string, string>): Request {
  const query = encodeURIComponent(JSON.stringify({ json: input }));
  return new Request(`${PUBLIC_BASE_URL}/api/trpc/${procedure}?input=${query}`, { headers });
}

function uploadsRequest(headers: Record<string, string>): Promise<Response> {
  const request = new Request(`${PUBLIC_BASE_URL}/uploads/entity1/photoCustomer/missing.png`, { headers });
  return createUploadsHandler(() => server.deps).GET(request, {
    params: Promise.resolve({ organization: "entity1", file: "missing.png" }),
  });
}

/** The request's line, of which there must be exactly one. */
function requestLine(logs: ReturnType<typeof captureLogs>, requestId: string): LogLine {
  const lines = logs.requests(requestId);
  expect(lines, `request lines of ${requestId}`).toHaveLength(1);
  return lines[0]!;
}

describe("X-Request-Id", () => {
  it("gives every answer a fresh id when the request sends none", async () => {
    const answers = await Promise.all([
      api.get("/api/v1.0/customers/256", entity1),
      api.get("/api/v1.0/customers/256", entity1),
      api.get("/api/v1.0/customers/256"),
      api.get("/api/v0.9/customers/256", entity1),
      api.request("/api/v1.0/customers/256", { method: "DELETE", headers: entity1 }),
      api.get("/api/v1.0/customers/256/history", entity1),
      api.get("/api/openapi.json"),
      api.request("/j_spring_security_check", { method: "POST", body: new URLSearchParams({ j_username: "x", j_password: "y" }) }),
      handleTRPCRequest(trpcRequest("customer.byId", { id: 256 }, entity1), server.deps),
      uploadsRequest(entity1),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 401, 404, 405, 200, 200, 401, 200, 404]);
    const ids = answers.map((answer) => answer.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(["abc-123", "4bf92f3577b34da6a3ce929d0e0e4736", "trace:0af7651916cd43dd.b7ad6b7169203331_1", "a".repeat(128)])(
    "keeps an acceptable incoming id (%s) on the legacy API, tRPC and /uploads",
    async (sent) => {
      const headers = { ...entity1, "x-request-id": sent };
      const answers = await Promise.all([
        api.get("/api/v2.1/customers/reference/NC-3", headers),
        api.get("/api/v1.0/customers/999999", headers),
        handleTRPCRequest(trpcRequest("customer.byId", { id: 256 }, headers), server.deps),
        uploadsRequest(headers),
      ]);
      expect(answers.map((answer) => answer.headers.get("x-request-id"))).toEqual([sent, sent, sent, sent]);
    },
  );

  it.each(["", " ", "a".repeat(129), "two words", "<script>alert(1)</script>", "ünïcödé", "a,b", "id;drop", '"quoted"', "x%0Ay"])(
    "replaces an unacceptable incoming id (%j) with a fresh one, never echoing it",
    async (sent) => {
      const headers = { ...entity1, "x-request-id": sent };
      const answers = await Promise.all([
        api.get("/api/v1.0/customers/256", headers),
        handleTRPCRequest(trpcRequest("customer.byId", { id: 256 }, headers), server.deps),
        uploadsRequest(headers),
      ]);
      for (const answer of answers) {
        expect(answer.headers.get("x-request-id")).toMatch(UUID);
        expect(answer.headers.get("x-request-id")).not.toBe(sent);
        expect(await answer.text()).not.toContain(sent.trim() || "\u0000");
      }
    },
  );
});

describe("the request log line", () => {
  it("is written once per legacy request, with method, route pattern, status, duration, organization, user and id", async () => {
    const logs = captureLogs();
    try {
      await api.get("/api/v1.0/customers/256", { ...entity1, "x-request-id": "line-by-id" });
      await api.get("/api/v2.1/customers/reference/NC-3", { ...entity1, "x-request-id": "line-by-reference" });
      await api.get("/api/v1.0/customers/256/history?max=5", { ...entity1, "x-request-id": "line-history" });
      await api.get("/api/v1.0/paymentTypes/7", { ...entity1, "x-request-id": "line-payment-type" });
      await api.get("/api/v1.0/customers?max=2", { ...entity1, "x-request-id": "line-list" });
    } finally {
      logs.restore();
    }
    expect(requestLine(logs, "line-by-id")).toEqual({
      level: "info",
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      pid: process.pid,
      hostname: expect.any(String),
      requestId: "line-by-id",
      method: "GET",
      route: "/api/{version}/customers/{id}",
      status: 200,
      durationMs: expect.any(Number),
      organization: "entity1",
      userId: adminId,
      message: "request",
    });
    expect(requestLine(logs, "line-by-id").durationMs).toBeGreaterThanOrEqual(0);
    expect(requestLine(logs, "line-by-reference")).toMatchObject({ route: "/api/{version}/customers/reference/{reference}", status: 200 });
    expect(requestLine(logs, "line-history")).toMatchObject({ route: "/api/{version}/customers/{id}/history", status: 200 });
    expect(requestLine(logs, "line-payment-type")).toMatchObject({ route: "/api/{version}/paymentTypes/{id}", status: 200 });
    expect(requestLine(logs, "line-list")).toMatchObject({ route: "/api/{version}/customers", status: 200 });
    // nothing else was logged for these requests
    expect(logs.lines()).toHaveLength(5);
  });

  it("names no organization or user for a request that is not signed in, and logs refusals with their status", async () => {
    const logs = captureLogs();
    try {
      await api.get("/api/v1.0/customers/256", { "x-request-id": "anonymous" });
      await api.request("/api/v1.0/customers/256", { method: "PUT", headers: { ...entity1, "x-request-id": "put" } });
      await api.get("/api/v1.0/customers/reference/NC-3/history?max=0", { ...entity1, "x-request-id": "bad-max" });
    } finally {
      logs.restore();
    }
    expect(requestLine(logs, "anonymous")).toMatchObject({
      route: "/api/{version}/customers/{id}",
      status: 401,
      organization: null,
      userId: null,
    });
    expect(requestLine(logs, "put")).toMatchObject({ method: "PUT", route: "/api/{version}/customers/{id}", status: 405 });
    expect(requestLine(logs, "bad-max")).toMatchObject({
      route: "/api/{version}/customers/reference/{reference}/history",
      status: 400,
      organization: "entity1",
    });
  });

  it("is written for tRPC with the procedure as the route, for /uploads and for the login", async () => {
    const logs = captureLogs();
    try {
      await handleTRPCRequest(trpcRequest("customer.byId", { id: 256 }, { ...entity1, "x-request-id": "trpc" }), server.deps);
      await uploadsRequest({ ...bearer("not-a-token"), "x-request-id": "uploads" });
      await api.request("/j_spring_security_check", {
        method: "POST",
        headers: { "x-request-id": "login" },
        body: new URLSearchParams({ j_username: "admin@entity1.test", j_password: DEMO_PASSWORD }),
      });
    } finally {
      logs.restore();
    }
    expect(requestLine(logs, "trpc")).toMatchObject({
      method: "GET",
      route: "/api/trpc/customer.byId",
      status: 200,
      organization: "entity1",
      userId: adminId,
    });
    expect(requestLine(logs, "uploads")).toMatchObject({ route: "/uploads/{organization}/photoCustomer/{file}", status: 401 });
    expect(requestLine(logs, "login")).toMatchObject({
      method: "POST",
      route: "/j_spring_security_check",
      status: 200,
      organization: "entity1",
      userId: adminId,
    });
  });

  it("never holds a password, a token, a cookie or a request body", async () => {
    const logs = captureLogs();
    const comment = "body-value-never-logged";
    try {
      const login = await api.request("/j_spring_security_check", {
        method: "POST",
        body: new URLSearchParams({ j_username: "admin@entity1.test", j_password: DEMO_PASSWORD }),
      });
      const { token } = (await login.json()) as { token: string };
      await api.request("/api/v1.0/customers/256", { method: "POST", headers: sessionCookie(token), body: new URLSearchParams({ comment }) });
      await api.request("/api/v1.0/customers/256", { method: "POST", headers: entity1, body: new URLSearchParams({ creditLimit: "-1", comment }) });
      const written = JSON.stringify(logs.lines());
      expect(logs.requests()).toHaveLength(3);
      for (const secret of [DEMO_PASSWORD, token, sessionToken, comment]) expect(written).not.toContain(secret);
    } finally {
      logs.restore();
    }
  });
});

describe("a 500", () => {
  let broken: TestServer;
  let brokenApi: ReturnType<typeof createLegacyApiClient>;
  let brokenSession: Record<string, string>;

  beforeAll(async () => {
    broken = await startTestServer({ customersPerOrganization: 1 });
    brokenApi = createLegacyApiClient(broken.deps);
    brokenSession = sessionCookie(await sessionTokenOf(broken.deps, "admin@entity1.test"));
    await broken.close();
  });

  it("names the request id in the description for a client that sent one, and logs the fault under that id", async () => {
    const logs = captureLogs();
    let response: Response;
    try {
      response = await brokenApi.request("/api/v1.0/customers/256", {
        method: "POST",
        headers: { ...brokenSession, "x-request-id": "fault-42" },
        body: new URLSearchParams({ name: "x" }),
      });
    } finally {
      logs.restore();
    }
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe("fault-42");
    // the contract's code and text, the id after it
    expect(await response.json()).toEqual({
      error: "server_error",
      error_description: "Oops! Something went wrong... (request id: fault-42)",
    });
    const [fault] = logs.errors();
    expect(logs.errors()).toHaveLength(1);
    expect(fault).toMatchObject({
      level: "error",
      requestId: "fault-42",
      message: "legacy API request failed",
      method: "POST",
      error: { name: expect.any(String), message: expect.any(String), stack: expect.any(String) },
    });
    // a failed query's parameters (here a session token's hash) never reach the log
    expect(JSON.stringify(fault)).not.toContain("params:");
    expect(requestLine(logs, "fault-42")).toMatchObject({ route: "/api/{version}/customers/{id}", status: 500 });
  });

  it("gives an old client that sends no id the contract's text exactly, and the id in the header", async () => {
    const logs = captureLogs();
    let response: Response;
    try {
      response = await brokenApi.get("/api/v1.0/customers/256", brokenSession);
    } finally {
      logs.restore();
    }
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "server_error", error_description: "Oops! Something went wrong..." });
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(UUID);
    expect(logs.errors()).toEqual([expect.objectContaining({ requestId })]);
    expect(requestLine(logs, requestId!)).toMatchObject({ status: 500 });
  });

  it("names the request id in the UI's message (tRPC)", async () => {
    const logs = captureLogs();
    let response: Response;
    try {
      response = await handleTRPCRequest(trpcRequest("customer.byId", { id: 256 }, brokenSession), broken.deps);
    } finally {
      logs.restore();
    }
    expect(response.status).toBe(500);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(UUID);
    const body = (await response.json()) as { error: { json: { message: string; data: { domainCode: string } } } };
    expect(body.error.json).toMatchObject({
      message: `Oops! Something went wrong... (request id: ${requestId})`,
      data: { domainCode: "server_error" },
    });
    expect(logs.errors()).toEqual([expect.objectContaining({ requestId, message: "tRPC procedure failed" })]);
    expect(requestLine(logs, requestId!)).toMatchObject({ route: "/api/trpc/customer.byId", status: 500 });
  });
});
