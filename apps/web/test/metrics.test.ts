/**
 * The Prometheus scrape (METRICS_PORT): its listener started as the servers
 * start it, requests sent through each door's handlers, and the series that
 * each one must move read back from `GET /metrics`. On PGlite and on a
 * PostgreSQL server (where the pool's gauges show). The built app's listener
 * is scraped in test/e2e/metrics.test.ts.
 */
import type { AddressInfo } from "node:net";

import { poolStats } from "@cr/db/telemetry";
import { testDatabaseKind } from "@cr/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createUploadsHandler } from "~/server/pictures/serve-upload";
import { observeDatabasePool } from "~/server/observability/metrics";
import { startMetricsServer } from "~/server/observability/metrics-server";
import { createProbeHandlers } from "~/server/probes/probe-handlers";
import { handleTRPCRequest } from "~/server/trpc/http";

import { type Sample, sampleValue, scrape } from "./support/prometheus-text";
import { createLegacyClient, sessionCookie } from "./support/legacy-client";
import { PUBLIC_BASE_URL, sessionTokenOf, startTestServer, type TestServer } from "./support/test-server";

let server: TestServer;
let client: ReturnType<typeof createLegacyClient>;
let entity1: Record<string, string>;
let metricsUrl: string;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 2, loginLimits: { failuresPerAccountAndAddress: 2 } });
  client = createLegacyClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
  const listener = await startMetricsServer(0);
  metricsUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server?.close();
});

const CUSTOMER_ROUTE = "/api/{version}/customers/{id}";

function requests(samples: Sample[], labels: { door: string; route: string; method: string; status: string }) {
  return {
    count: sampleValue(samples, "http_requests_total", labels),
    durations: sampleValue(samples, "http_request_duration_seconds_count", labels),
    slowerThan10s: sampleValue(samples, "http_request_duration_seconds_bucket", { ...labels, le: "10" }),
  };
}

function trpcGet(procedure: string) {
  const input = encodeURIComponent(JSON.stringify({ json: { id: 256 } }));
  return handleTRPCRequest(new Request(`${PUBLIC_BASE_URL}/api/trpc/${procedure}?input=${input}`, { headers: entity1 }), server.deps);
}

describe(`the metrics scrape on ${testDatabaseKind}`, () => {
  it("counts each door's requests by route pattern, method and status, with their durations", async () => {
    const before = await scrape(metricsUrl);
    const answers = await Promise.all([
      client.call({ customer: { id: "256" }, headers: entity1 }),
      client.call({ customer: { id: "256" }, headers: entity1 }),
      client.call({ method: "POST", customer: { id: "256" }, headers: entity1, body: new URLSearchParams({ comment: "counted" }) }),
      client.call({ customer: { id: "256" } }),
      trpcGet("customer.byId"),
      trpcGet("customer.madeUpProcedure"),
      createUploadsHandler(() => server.deps).GET(new Request(`${PUBLIC_BASE_URL}/uploads/entity1/photoCustomer/none.png`, { headers: entity1 }), {
        params: Promise.resolve({ organization: "entity1", file: "none.png" }),
      }),
      createProbeHandlers(() => Promise.resolve(server.deps))["api/health"].GET(new Request(`${PUBLIC_BASE_URL}/api/health`)),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 401, 200, 404, 404, 200]);
    const after = await scrape(metricsUrl);

    const moved = (labels: Parameters<typeof requests>[1]) => {
      const [was, is] = [requests(before, labels), requests(after, labels)];
      return { count: is.count - was.count, durations: is.durations - was.durations, withinBuckets: is.slowerThan10s - was.slowerThan10s };
    };
    expect(moved({ door: "legacy", route: CUSTOMER_ROUTE, method: "GET", status: "200" })).toEqual({ count: 2, durations: 2, withinBuckets: 2 });
    expect(moved({ door: "legacy", route: CUSTOMER_ROUTE, method: "POST", status: "200" })).toEqual({ count: 1, durations: 1, withinBuckets: 1 });
    expect(moved({ door: "legacy", route: CUSTOMER_ROUTE, method: "GET", status: "401" })).toMatchObject({ count: 1 });
    expect(moved({ door: "trpc", route: "/api/trpc/customer.byId", method: "GET", status: "200" })).toMatchObject({ count: 1 });
    // a path a client made up is counted, but never becomes a series of its own
    expect(moved({ door: "trpc", route: "/api/trpc/{unknown}", method: "GET", status: "404" })).toMatchObject({ count: 1 });
    expect(after.some((sample) => sample.labels.route?.includes("madeUp"))).toBe(false);
    expect(moved({ door: "uploads", route: "/uploads/{organization}/photoCustomer/{file}", method: "GET", status: "404" })).toMatchObject({ count: 1 });
    expect(moved({ door: "probes", route: "/api/health", method: "GET", status: "200" })).toMatchObject({ count: 1 });

    // a duration is seconds: a request served here takes far less than one
    const durationSum = (samples: Sample[]) =>
      sampleValue(samples, "http_request_duration_seconds_sum", { door: "legacy", route: CUSTOMER_ROUTE, method: "POST", status: "200" });
    expect(durationSum(after) - durationSum(before)).toBeGreaterThan(0);
    expect(durationSum(after) - durationSum(before)).toBeLessThan(5);
  });

  it("counts the sign-in throttle's refusals and the Idempotency-Key replays", async () => {
    const before = await scrape(metricsUrl);
    const address = { "x-forwarded-for": "203.0.113.7" };
    const attempts = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      attempts.push((await client.login({ j_username: "admin@entity1.test", j_password: "wrong-password" }, address)).status);
    }
    expect(attempts).toEqual([401, 401, 429]);

    const key = { ...entity1, "idempotency-key": "metrics-replay-1" };
    const update = () => client.call({ method: "POST", customer: { id: "257" }, headers: key, body: new URLSearchParams({ comment: "once" }) });
    expect((await update()).headers.has("idempotent-replayed")).toBe(false);
    expect((await update()).headers.get("idempotent-replayed")).toBe("true");
    const after = await scrape(metricsUrl);

    const moved = (name: string, labels: Record<string, string> = {}) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(moved("login_throttle_refusals_total", { limit: "account_address" })).toBe(1);
    expect(moved("login_throttle_refusals_total", { limit: "address" })).toBe(0);
    expect(moved("idempotency_replays_total")).toBe(1);
  });

  it("shows prom-client's process metrics, and the pool's connections on a server, read at each scrape", async () => {
    // as deps.ts does for a PostgreSQL server's pool
    if (testDatabaseKind === "postgres") observeDatabasePool(() => poolStats(server.deps.db));
    const samples = await scrape(metricsUrl);
    expect(sampleValue(samples, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(samples.some((sample) => sample.name === "nodejs_eventloop_lag_seconds")).toBe(true);
    if (testDatabaseKind === "postgres") {
      expect(sampleValue(samples, "db_pool_max_connections")).toBeGreaterThan(0);
      expect(sampleValue(samples, "db_pool_connections", { state: "in_use" })).toBe(0);
      expect(sampleValue(samples, "db_pool_waiting_requests")).toBe(0);
    } else {
      // the embedded database has no pool
      expect(samples.some((sample) => sample.name.startsWith("db_pool_"))).toBe(false);
    }
  });

  it("answers GET /metrics only", async () => {
    expect((await fetch(`${metricsUrl}/`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/metrics`, { method: "POST" })).status).toBe(404);
    const response = await fetch(`${metricsUrl}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
