/**
 * The production server's traces, as an operator turns them on: the standard
 * OTEL_* variables pointing at an OTLP/HTTP receiver (JSON protocol) that
 * runs in this test. One legacy update and one tRPC update, both answered by
 * the production server's own door: each has its server span (route, status,
 * organization, request id) with its SQL statements under it, none holding a
 * value sent, and its log line names the trace.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type BuiltApp, signInToBuiltApp, startBuiltApp } from "../support/built-app";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "../support/otlp-receiver";

const SERVER = 2;
const CLIENT = 3;

let receiver: OtlpReceiver;
let app: BuiltApp;
let cookie: string;
let output = "";

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  app = await startBuiltApp({
    password: "e2e-password",
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_SERVICE_NAME: "customer-records-e2e",
      // the request lines, which carry the trace id
      LOG_LEVEL: "info",
      // batches sent every 100 ms rather than 5 s
      OTEL_BSP_SCHEDULE_DELAY: "100",
    },
  });
  app.server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  cookie = `JSESSIONID=${await signInToBuiltApp(app)}`;
});

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

/** The request's server span once it has arrived, by its request id, and the spans of its trace. */
async function traceOf(requestId: string): Promise<{ request: ReceivedSpan; spans: ReceivedSpan[] }> {
  let request: ReceivedSpan | undefined;
  await expect.poll(() => (request = receiver.spans.find((span) => span.attributes["app.request.id"] === requestId)), { timeout: 10_000 }).toBeDefined();
  const traceId = request!.traceId;
  // the statements' spans end before their request's, in the same batch or an earlier one
  return { request: request!, spans: receiver.spans.filter((span) => span.traceId === traceId) };
}

function expectStatementsUnder(request: ReceivedSpan, spans: ReceivedSpan[], secret: string) {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const descends = (span: ReceivedSpan) => {
    for (let parent = span.parentSpanId; parent; parent = byId.get(parent)?.parentSpanId) if (parent === request.spanId) return true;
    return false;
  };
  const statements = spans.filter((span) => span.kind === CLIENT);
  expect(statements.length).toBeGreaterThan(1);
  for (const statement of statements) {
    expect(descends(statement)).toBe(true);
    expect(statement.attributes["db.system"]).toBe("postgresql");
    expect(statement.attributes["db.query.text"]).toEqual(expect.any(String));
  }
  expect(statements.map((span) => span.name)).toEqual(expect.arrayContaining(["SELECT sessions", "UPDATE customers"]));
  expect(JSON.stringify(spans)).not.toContain(secret);
}

async function logLineOf(requestId: string): Promise<Record<string, unknown>> {
  let line: Record<string, unknown> | undefined;
  await expect
    .poll(
      () =>
        (line = output
          .split("\n")
          .filter((text) => text.startsWith("{"))
          .map((text) => JSON.parse(text) as Record<string, unknown>)
          .find((parsed) => parsed.message === "request" && parsed.requestId === requestId)),
      { timeout: 5_000 },
    )
    .toBeDefined();
  return line!;
}

describe("the production server's traces", () => {
  it("sends a legacy update's span, with its statements, to the OTLP endpoint", async () => {
    const secret = `legacy-secret-${Date.now()}`;
    const response = await fetch(`${app.baseUrl}/api/v1.0/customers/256`, {
      method: "POST",
      headers: { cookie, "x-request-id": "e2e-traced-legacy" },
      body: new URLSearchParams({ comment: secret }),
    });
    expect(response.status).toBe(200);

    const { request, spans } = await traceOf("e2e-traced-legacy");
    expect(request).toMatchObject({
      name: "POST /api/{version}/customers/{id}",
      kind: SERVER,
      attributes: {
        "http.request.method": "POST",
        "http.route": "/api/{version}/customers/{id}",
        "http.response.status_code": 200,
        "app.organization.id": 1,
        "app.door": "legacy",
      },
      resource: { "service.name": "customer-records-e2e" },
    });
    expectStatementsUnder(request, spans, secret);
    expect(await logLineOf("e2e-traced-legacy")).toMatchObject({ trace_id: request.traceId });
  });

  it("sends a tRPC update's span, with its statements, to the OTLP endpoint", async () => {
    const secret = `trpc-secret-${Date.now()}`;
    const response = await fetch(`${app.baseUrl}/api/trpc/customer.update`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "x-request-id": "e2e-traced-trpc" },
      body: JSON.stringify({ json: { id: 256, patch: { comment: secret } } }),
    });
    expect(response.status).toBe(200);

    const { request, spans } = await traceOf("e2e-traced-trpc");
    expect(request).toMatchObject({
      name: "POST /api/trpc/customer.update",
      kind: SERVER,
      attributes: { "http.route": "/api/trpc/customer.update", "http.response.status_code": 200, "app.organization.id": 1, "app.door": "trpc" },
    });
    expectStatementsUnder(request, spans, secret);
    expect(await logLineOf("e2e-traced-trpc")).toMatchObject({ trace_id: request.traceId });
  });
});
