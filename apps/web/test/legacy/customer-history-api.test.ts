/**
 * `GET /api/{version}/customers/{id}/history` and `.../reference/{reference}/history`
 * (SPEC §5): the change history, newest first, paged like the customer list.
 */
import { createApiToken } from "@cr/db/repositories";
import { LegacyCustomerHistoryJson } from "@cr/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLegacyApiClient } from "../support/legacy-api-client";
import { bearer, sessionCookie } from "../support/legacy-client";
import { DEMO_PASSWORD, startTestServer, type TestServer, trpcCallerFor } from "../support/test-server";

type Change = {
  id: number;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  channel: "api" | "ui";
  dateCreated: string;
  changedBy: { userId: number; reference: string; href: string } | null;
};
type Page = {
  paging: { total: number; max: number; offset: number; previous: string | null; next: string | null };
  data: Change[];
};

let server: TestServer;
let api: ReturnType<typeof createLegacyApiClient>;
let entity1: Record<string, string>;
let entity2: Record<string, string>;
let admin: { id: number; reference: string };
let foreignCustomer: { id: number; reference: string };
let otherCustomerId: number;

async function post(path: string, fields: Record<string, string>): Promise<void> {
  const response = await api.request(path, { method: "POST", headers: entity1, body: new URLSearchParams(fields) });
  expect(response.status, await response.clone().text()).toBe(200);
}

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 3 });
  api = createLegacyApiClient(server.deps);
  const login = await api.request("/j_spring_security_check", {
    method: "POST",
    body: new URLSearchParams({ j_username: "admin@entity1.test", j_password: DEMO_PASSWORD }),
  });
  const { token, user } = (await login.json()) as { token: string; user: { id: number; reference: string } };
  entity1 = sessionCookie(token);
  admin = user;
  const entity2Token = await createApiToken(server.deps.db, { userId: 3, organizationId: 2, name: "test", scope: "write", expiresAt: null });
  entity2 = bearer(entity2Token.token);

  const foreignPage = await api.getJson<{ data: { id: number; reference: string }[] }>("/api/v1.0/customers?max=1", entity2);
  foreignCustomer = foreignPage.data[0]!;
  const ownPage = await api.getJson<{ data: { id: number }[] }>("/api/v1.0/customers?max=2&sort=id&order=desc", entity1);
  otherCustomerId = ownPage.data.find((customer) => customer.id !== 256)!.id;

  // four updates of 256, oldest first: five changed fields, one of them from the UI
  await post("/api/v1.0/customers/256", { creditLimit: "6000" });
  await post("/api/v1.0/customers/reference/NC-3", { phone: "+33 4 93 00 00 01", comment: "called back" });
  const ui = await trpcCallerFor(server.deps, "admin@entity1.test");
  await ui.customer.update({ id: 256, patch: { comment: "edited in the UI" } });
  await post("/api/v1.0/customers/256", { paymentTypes: '[{"id"=7}]' });
  // another customer's change is not 256's
  await post(`/api/v1.0/customers/${otherCustomerId}`, { comment: "not 256" });
});

afterAll(async () => {
  await server?.close();
});

async function history(path: string, headers = entity1): Promise<Page> {
  const page = await api.getJson<Page>(path, headers);
  expect(LegacyCustomerHistoryJson.safeParse(page).error).toBeUndefined();
  return page;
}

describe("GET /api/{version}/customers/{id}/history", () => {
  it("lists every changed field of the customer, newest first, in the contract's JSON style", async () => {
    const page = await history("/api/v1.0/customers/256/history");
    expect(page.paging).toEqual({ total: 5, max: 100, offset: 0, previous: null, next: null });
    const changedBy = { userId: admin.id, reference: admin.reference, href: `/api/v1.0/users/${admin.id}` };
    expect(page.data.map(({ id: _id, dateCreated: _date, ...change }) => change)).toEqual([
      { field: "paymentTypes", oldValue: "7,8", newValue: "7", channel: "api", changedBy },
      { field: "comment", oldValue: "called back", newValue: "edited in the UI", channel: "ui", changedBy },
      // one update's fields share its time; the later-written comes first
      { field: "comment", oldValue: null, newValue: "called back", channel: "api", changedBy },
      { field: "phone", oldValue: null, newValue: "+33 4 93 00 00 01", channel: "api", changedBy },
      { field: "creditLimit", oldValue: "5000", newValue: "6000", channel: "api", changedBy },
    ]);
    const ids = page.data.map((change) => change.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const dates = page.data.map((change) => change.dateCreated);
    for (const date of dates) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it("answers the same by reference, with the request's version in the links", async () => {
    const byId = await history("/api/v1.0/customers/256/history");
    const byReference = await history("/api/v2.1/customers/reference/NC-3/history");
    expect(byReference.paging).toEqual(byId.paging);
    expect(byReference.data.map((change) => change.id)).toEqual(byId.data.map((change) => change.id));
    expect(byReference.data[0]!.changedBy!.href).toBe(`/api/v2.1/users/${admin.id}`);
  });

  it("pages with max and offset, linking the neighbouring pages, and a walk along next reads every entry once", async () => {
    const all = (await history("/api/v1.0/customers/256/history")).data.map((change) => change.id);
    const first = await history("/api/v1.0/customers/256/history?max=2");
    expect(first.paging).toEqual({
      total: 5,
      max: 2,
      offset: 0,
      previous: null,
      next: "/api/v1.0/customers/256/history?max=2&offset=2",
    });
    const walked: number[] = [];
    let path: string | null = "/api/v1.0/customers/256/history?max=2";
    let pages = 0;
    while (path !== null) {
      const page: Page = await history(path);
      expect(page.paging.total).toBe(5);
      walked.push(...page.data.map((change) => change.id));
      path = page.paging.next;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(walked).toEqual(all);

    const last = await history("/api/v1.0/customers/256/history?max=2&offset=4");
    expect(last.paging).toMatchObject({ previous: "/api/v1.0/customers/256/history?max=2&offset=2", next: null });
    expect(last.data.map((change) => change.id)).toEqual(all.slice(4));
  });

  it("answers an empty page past the end, still linked back, and cuts max to 1000", async () => {
    const past = await history("/api/v1.0/customers/256/history?max=2&offset=40");
    expect(past).toEqual({
      paging: { total: 5, max: 2, offset: 40, previous: "/api/v1.0/customers/256/history?max=2&offset=38", next: null },
      data: [],
    });
    expect((await history("/api/v1.0/customers/256/history?max=5000")).paging.max).toBe(1000);
  });

  it("answers an empty history for a customer that was never changed", async () => {
    const page = await history(`/api/v1.0/customers/${foreignCustomer.id}/history`, entity2);
    expect(page).toEqual({ paging: { total: 0, max: 100, offset: 0, previous: null, next: null }, data: [] });
  });

  it("lists only that customer's changes", async () => {
    const other = await history(`/api/v1.0/customers/${otherCustomerId}/history`);
    expect(other.data.map(({ field, newValue }) => ({ field, newValue }))).toEqual([{ field: "comment", newValue: "not 256" }]);
  });
});

describe("GET /api/{version}/customers/{id}/history: refusals", () => {
  // the same query on the list answers the same refusal
  const queries = ["max=abc", "max=0", "max=-10", "offset=-1", "offset=ten", "offset=2.5", "max=1&max=2", "offset=99999999999999999999", "max=%E9"];
  it.each(queries)("refuses %s exactly as the customer list does", async (query) => {
    const listAnswer = await api.get(`/api/v1.0/customers?${query}`, entity1);
    expect(listAnswer.status).toBe(400);
    const expected: unknown = await listAnswer.json();
    for (const path of ["/api/v1.0/customers/256/history", "/api/v1.0/customers/reference/NC-3/history"]) {
      const response = await api.get(`${path}?${query}`, entity1);
      expect(response.status, path).toBe(400);
      expect(await response.json(), path).toEqual(expected);
    }
  });

  it("ignores the list's other parameters", async () => {
    const page = await history("/api/v1.0/customers/256/history?sort=balance&order=up&max=1");
    expect(page.paging).toMatchObject({ total: 5, max: 1 });
  });

  it("answers 401 without a valid credential, by id and by reference", async () => {
    for (const path of ["/api/v1.0/customers/256/history", "/api/v1.0/customers/reference/NC-3/history"]) {
      for (const headers of [{}, bearer("not-a-token"), sessionCookie("expired-or-forged")]) {
        const response = await api.get(path, headers);
        expect(response.status, path).toBe(401);
        expect(await response.json()).toEqual({
          error: "unauthorized",
          error_description: "Full authentication is required to access this resource",
        });
      }
    }
  });

  it("answers another organization's customer exactly like a missing one", async () => {
    const foreign = await api.get(`/api/v1.0/customers/${foreignCustomer.id}/history`, entity1);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({
      error: "not_found",
      error_description: `The customer with the id ${foreignCustomer.id} doesn't exist.`,
    });
    const missing = await api.get("/api/v1.0/customers/999999/history", entity1);
    expect(await missing.json()).toEqual({ error: "not_found", error_description: "The customer with the id 999999 doesn't exist." });

    const byReference = await api.get(`/api/v1.0/customers/reference/${encodeURIComponent(foreignCustomer.reference)}/history`, entity2);
    expect(byReference.status).toBe(200);
    const notMine = await api.get("/api/v1.0/customers/reference/NC-3/history", entity2);
    expect(notMine.status).toBe(404);
    expect(await notMine.json()).toEqual({ error: "not_found", error_description: "The customer with the reference NC-3 doesn't exist." });
    // and entity2 read nothing of entity1's customer
    expect((await history("/api/v1.0/customers/256/history")).paging.total).toBe(5);
  });

  it("answers 404 under an unknown version and 405 with Allow: GET to the other methods", async () => {
    const unknownVersion = await api.get("/api/v0.9/customers/256/history", entity1);
    expect(unknownVersion.status).toBe(404);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      const response = await api.request("/api/v1.0/customers/256/history", { method, headers: entity1 });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("GET");
      expect(await response.json()).toEqual({ error: "method_not_allowed", error_description: "The request method is not supported." });
    }
    // nothing was written by any of them
    expect((await history("/api/v1.0/customers/256/history")).paging.total).toBe(5);
  });
});
