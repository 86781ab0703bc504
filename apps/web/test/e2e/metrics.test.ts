/**
 * The Prometheus scrape of the production server (`pnpm start` with
 * METRICS_PORT): on its own port and never on the public one, with the
 * requests of the legacy door, of tRPC, and of a path Next serves (`/uploads`,
 * whose handler runs in Next's bundle) counted in the one registry of the
 * process, and the sign-in throttle's refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type BuiltApp, freePort, signInToBuiltApp, startBuiltApp } from "../support/built-app";
import { type Sample, sampleValue, scrape } from "../support/prometheus-text";

let app: BuiltApp;
let metricsUrl: string;
let cookie: string;

beforeAll(async () => {
  const metricsPort = await freePort();
  app = await startBuiltApp({ password: "e2e-password", env: { METRICS_PORT: String(metricsPort) } });
  metricsUrl = `http://127.0.0.1:${metricsPort}`;
  cookie = `JSESSIONID=${await signInToBuiltApp(app)}`;
});

afterAll(async () => {
  await app?.stop();
});

const requestsOf = (samples: Sample[], door: string, route: string, method: string, status: string) =>
  sampleValue(samples, "http_requests_total", { door, route, method, status });

describe("the production server's metrics", () => {
  it("counts the legacy API's, tRPC's and Next's requests, and the throttle's refusals, on METRICS_PORT only", async () => {
    const before = await scrape(metricsUrl);

    const legacyRead = await fetch(`${app.baseUrl}/api/v1.0/customers/256`, { headers: { cookie } });
    const legacyUpdate = await fetch(`${app.baseUrl}/api/v1.0/customers/256`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ comment: "counted by the scrape" }),
    });
    const trpcRead = await fetch(`${app.baseUrl}/api/trpc/customer.byId?input=${encodeURIComponent(JSON.stringify({ json: { id: 256 } }))}`, {
      headers: { cookie },
    });
    const picture = await fetch(`${app.baseUrl}/uploads/entity1/photoCustomer/none.png`, { headers: { cookie } });
    expect([legacyRead.status, legacyUpdate.status, trpcRead.status, picture.status]).toEqual([200, 200, 200, 404]);

    const signIns = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      const response = await fetch(`${app.baseUrl}/j_spring_security_check`, {
        method: "POST",
        body: new URLSearchParams({ j_username: "guesser@entity1.test", j_password: `wrong-${attempt}`, ajax: "true" }),
      });
      signIns.push(response.status);
    }
    expect(signIns.at(-1)).toBe(429);

    const after = await scrape(metricsUrl);
    const moved = (door: string, route: string, method: string, status: string) =>
      requestsOf(after, door, route, method, status) - requestsOf(before, door, route, method, status);
    expect(moved("legacy", "/api/{version}/customers/{id}", "GET", "200")).toBe(1);
    expect(moved("legacy", "/api/{version}/customers/{id}", "POST", "200")).toBe(1);
    expect(moved("trpc", "/api/trpc/customer.byId", "GET", "200")).toBe(1);
    expect(moved("uploads", "/uploads/{organization}/photoCustomer/{file}", "GET", "404")).toBe(1);
    expect(moved("legacy", "/j_spring_security_check", "POST", "401")).toBe(10);
    expect(moved("legacy", "/j_spring_security_check", "POST", "429")).toBe(1);
    expect(
      sampleValue(after, "login_throttle_refusals_total", { limit: "account_address" }) -
        sampleValue(before, "login_throttle_refusals_total", { limit: "account_address" }),
    ).toBe(1);
    expect(sampleValue(after, "process_resident_memory_bytes")).toBeGreaterThan(0);

    // the public port has no such path
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(404);
  });
});
