/**
 * Traces, in the process: the OpenTelemetry SDK registered as tracing-sdk.ts
 * registers it (exporting to memory here), the database traced as deps.ts
 * traces it, and an update sent through the legacy door and through tRPC:
 * each request has one server span with its route, status, organization and
 * request id, its statements hang under it with their SQL and never a value
 * sent, and its log line names the trace. The built app's traces, sent over
 * OTLP, are checked in test/e2e/tracing.test.ts.
 */
import * as api from "@opentelemetry/api";
import { InMemorySpanExporter, NodeTracerProvider, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { seedDemoData } from "@cr/db/seed";
import { withStatementTracing } from "@cr/db/telemetry";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@cr/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createServerDeps, type ServerDeps } from "~/server/deps";
import { setTracing, statementTracing } from "~/server/observability/tracing";
import { createLocalPictureStorage } from "~/server/pictures/picture-storage";

import { captureLogs } from "./support/captured-logs";
import { createLegacyClient, sessionCookie } from "./support/legacy-client";
import { DEMO_PASSWORD, PUBLIC_BASE_URL, sessionTokenOf } from "./support/test-server";
import { trpcHttp } from "./support/trpc-http";

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let database: TestDatabase;
let deps: ServerDeps;
let entity1: Record<string, string>;

beforeAll(async () => {
  provider.register();
  setTracing({ api, tracer: api.trace.getTracer("customer-records") });
  database = await createTestDatabase();
  await seedDemoData(database.db, { adminPassword: DEMO_PASSWORD, customersPerOrganization: 2 });
  deps = createServerDeps({
    db: withStatementTracing(database.db, statementTracing),
    pictureStorage: createLocalPictureStorage({ rootDir: "/nonexistent" }),
    config: { publicBaseUrl: PUBLIC_BASE_URL, sessionTtlHours: 1, maxRequestBytes: 1024 * 1024 },
    rateLimitPerMinute: 100_000,
  });
  entity1 = sessionCookie(await sessionTokenOf(deps, "admin@entity1.test"));
});

afterAll(async () => {
  await provider.shutdown();
  api.trace.disable();
  api.context.disable();
  api.propagation.disable();
  await database?.close();
});

/** The request's server span, found by the request id it carries, and every span of its trace. */
function traceOf(requestId: string): { request: ReadableSpan; spans: ReadableSpan[] } {
  const finished = exporter.getFinishedSpans();
  const request = finished.find((span) => span.attributes["app.request.id"] === requestId);
  if (!request) throw new Error(`no span carries the request id ${requestId}`);
  const traceId = request.spanContext().traceId;
  return { request, spans: finished.filter((span) => span.spanContext().traceId === traceId) };
}

/** Whether `span` descends from `ancestor` within `spans`. */
function descendsFrom(span: ReadableSpan, ancestor: ReadableSpan, spans: ReadableSpan[]): boolean {
  const byId = new Map(spans.map((candidate) => [candidate.spanContext().spanId, candidate]));
  for (let parent = span.parentSpanContext?.spanId; parent; parent = byId.get(parent)?.parentSpanContext?.spanId) {
    if (parent === ancestor.spanContext().spanId) return true;
  }
  return false;
}

function expectStatementsUnder(request: ReadableSpan, spans: ReadableSpan[], secret: string) {
  const statements = spans.filter((span) => span.attributes["db.system"] === "postgresql" && span.name !== "transaction");
  expect(statements.length).toBeGreaterThan(1);
  for (const statement of statements) {
    expect(statement.kind).toBe(api.SpanKind.CLIENT);
    expect(descendsFrom(statement, request, spans)).toBe(true);
    expect(statement.name).toMatch(/^[A-Z]+( [a-z_]+)?$/);
    expect(statement.attributes["db.query.text"]).toEqual(expect.any(String));
  }
  expect(statements.map((span) => span.name)).toContain("UPDATE customers");
  // the values sent (the new comment) are parameters, which no span holds
  expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain(secret);
}

describe(`request and SQL spans on ${testDatabaseKind}`, () => {
  it("traces a legacy update: its route, status, organization and request id, its statements under it, its log line", async () => {
    const logs = captureLogs();
    const secret = `secret-comment-${Date.now()}`;
    let response: Response;
    try {
      response = await createLegacyClient(deps).call({
        method: "POST",
        customer: { id: "256" },
        headers: { ...entity1, "x-request-id": "traced-legacy-update" },
        body: new URLSearchParams({ comment: secret }),
      });
    } finally {
      logs.restore();
    }
    expect(response.status).toBe(200);

    const { request, spans } = traceOf("traced-legacy-update");
    expect(request.name).toBe("POST /api/{version}/customers/{id}");
    expect(request.kind).toBe(api.SpanKind.SERVER);
    expect(request.parentSpanContext).toBeUndefined();
    expect(request.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/api/{version}/customers/{id}",
      "http.response.status_code": 200,
      "app.door": "legacy",
      "app.organization.id": 1,
      "app.organization.slug": "entity1",
    });
    expectStatementsUnder(request, spans, secret);
    expect(logs.requests("traced-legacy-update")).toEqual([expect.objectContaining({ trace_id: request.spanContext().traceId })]);
  });

  it("traces a tRPC update the same way, and continues the trace a caller's traceparent names", async () => {
    const secret = `secret-trpc-comment-${Date.now()}`;
    const callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const callerSpan = "00f067aa0ba902b7";
    const update = await trpcHttp(deps, {
      procedure: "customer.update",
      kind: "mutation",
      input: { id: 256, patch: { comment: secret } },
      headers: { ...entity1, "x-request-id": "traced-trpc-update", traceparent: `00-${callerTrace}-${callerSpan}-01` },
    });
    expect(update.status).toBe(200);

    const { request, spans } = traceOf("traced-trpc-update");
    expect(request.name).toBe("POST /api/trpc/customer.update");
    expect(request.spanContext().traceId).toBe(callerTrace);
    expect(request.parentSpanContext?.spanId).toBe(callerSpan);
    expect(request.attributes).toMatchObject({
      "http.route": "/api/trpc/customer.update",
      "http.response.status_code": 200,
      "app.door": "trpc",
      "app.organization.id": 1,
    });
    expectStatementsUnder(request, spans, secret);
  });

  it("marks a failed request's span, and keeps a refusal's span an answer", async () => {
    const refused = await createLegacyClient(deps).call({ customer: { id: "256" }, headers: { "x-request-id": "traced-refusal" } });
    expect(refused.status).toBe(401);
    const { request } = traceOf("traced-refusal");
    expect(request.attributes["http.response.status_code"]).toBe(401);
    expect(request.status.code).toBe(api.SpanStatusCode.UNSET);
  });
});
