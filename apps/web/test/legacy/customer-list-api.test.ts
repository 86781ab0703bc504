import { createApiToken } from "@cr/db/repositories";
import { LegacyCustomerListJson } from "@cr/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLegacyApiClient } from "../support/legacy-api-client";
import { bearer, sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";

/** The seeded customers per organization besides 256 `NC-3`. */
const EXTRA_CUSTOMERS = 23;

let server: TestServer;
let api: ReturnType<typeof createLegacyApiClient>;
let entity1: Record<string, string>;
let entity2: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: EXTRA_CUSTOMERS });
  api = createLegacyApiClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
  const token = await createApiToken(server.deps.db, { userId: 3, organizationId: 2, name: "test", scope: "write", expiresAt: null });
  entity2 = bearer(token.token);
});

afterAll(async () => {
  await server?.close();
});

type Customer = { id: number; reference: string; name: string; isActive: boolean; categoryReference: string; dateCreated: string };
type Page = {
  paging: { total: number; max: number; offset: number; previous: string | null; next: string | null };
  data: Customer[];
};

async function list(query: string, headers = entity1): Promise<Page> {
  const page = await api.getJson<Page>(`/api/v1.0/customers${query ? `?${query}` : ""}`, headers);
  expect(LegacyCustomerListJson.safeParse(page).error).toBeUndefined();
  return page;
}

/** Follows `paging.next` from the first page until it is null, as a client syncing everything would. */
async function walk(query: string, headers = entity1): Promise<{ ids: number[]; totals: number[]; pages: number }> {
  const ids: number[] = [];
  const totals: number[] = [];
  let path: string | null = `/api/v1.0/customers?${query}`;
  let pages = 0;
  while (path !== null) {
    const page: Page = await api.getJson<Page>(path, headers);
    ids.push(...page.data.map((customer) => customer.id));
    totals.push(page.paging.total);
    path = page.paging.next;
    pages += 1;
    if (pages > 100) throw new Error("paging.next never ends");
  }
  return { ids, totals, pages };
}

describe("GET /api/{version}/customers: paging", () => {
  it("answers the first 100 customers by id with the paging block", async () => {
    const page = await list("");
    expect(page.paging).toEqual({ total: EXTRA_CUSTOMERS + 1, max: 100, offset: 0, previous: null, next: null });
    const ids = page.data.map((customer) => customer.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("answers each item exactly as the show answer of that customer", async () => {
    const page = await list("reference=NC-3");
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toEqual(await api.getJson("/api/v1.0/customers/256", entity1));
  });

  it("uses the request's version in every href of the items", async () => {
    const page = await api.getJson<Page>("/api/v2.1/customers?reference=NC-3", entity1);
    expect(JSON.stringify(page.data)).not.toContain("/api/v1.0/");
    expect(JSON.stringify(page.data)).toContain("/api/v2.1/customerCategories/2");
  });

  for (const [sort, order] of [
    ["id", "asc"],
    ["id", "desc"],
    ["name", "asc"],
    ["reference", "desc"],
    // every seeded customer but 256 shares one creation date: only the id tie-break keeps pages apart
    ["dateCreated", "desc"],
    ["lastUpdated", "asc"],
  ] as const) {
    it(`walks every customer once following next, sorted by ${sort} ${order}`, async () => {
      const { ids, totals, pages } = await walk(`max=4&sort=${sort}&order=${order}`);
      expect(new Set(totals)).toEqual(new Set([EXTRA_CUSTOMERS + 1]));
      expect(ids).toHaveLength(EXTRA_CUSTOMERS + 1);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pages).toBe(Math.ceil((EXTRA_CUSTOMERS + 1) / 4));
      const all = (await list(`max=1000&sort=${sort}&order=${order}`)).data.map((customer) => customer.id);
      expect(ids).toEqual(all);
    });
  }

  it("links the neighbouring pages with the same path and query", async () => {
    const page = await list("max=5&offset=10&sort=name&name=*s*");
    expect(page.paging.previous).toBe("/api/v1.0/customers?max=5&offset=5&sort=name&name=*s*");
    expect(page.paging.offset).toBe(10);
    const previous = await api.getJson<Page>(page.paging.previous!, entity1);
    expect(previous.paging).toMatchObject({ offset: 5, previous: "/api/v1.0/customers?max=5&offset=0&sort=name&name=*s*" });
    const first = await list("max=5&sort=name&name=*s*");
    expect(first.paging.next).toBe("/api/v1.0/customers?max=5&sort=name&name=*s*&offset=5");
  });

  it("answers an empty page past the end, still linked back", async () => {
    const page = await list("offset=500&max=10");
    expect(page.data).toEqual([]);
    expect(page.paging).toMatchObject({ total: EXTRA_CUSTOMERS + 1, next: null, previous: "/api/v1.0/customers?offset=490&max=10" });
  });

  it("cuts max to 1000", async () => {
    expect((await list("max=5000")).paging.max).toBe(1000);
  });

  it("lists only the caller's organization", async () => {
    const entity2Page = await list("max=1000", entity2);
    expect(entity2Page.paging.total).toBe(EXTRA_CUSTOMERS);
    expect(entity2Page.data.every((customer) => customer.reference.startsWith("E2-"))).toBe(true);
    expect((await list("reference=NC-3", entity2)).paging.total).toBe(0);
  });
});

describe("GET /api/{version}/customers: filters", () => {
  async function references(query: string): Promise<string[]> {
    return (await list(`max=1000&${query}`)).data.map((customer) => customer.reference);
  }

  it("matches a reference exactly, or with * as the wildcard", async () => {
    expect(await references("reference=NC-3")).toEqual(["NC-3"]);
    expect(await references("reference=nc-3")).toEqual([]);
    expect(await references("reference=NC-00*")).toEqual(["NC-001", "NC-002", "NC-003", "NC-004", "NC-005", "NC-006", "NC-007", "NC-008", "NC-009"]);
    expect(await references("reference=*-3")).toEqual(["NC-3"]);
  });

  it("takes % and _ literally", async () => {
    expect(await references("reference=NC_3")).toEqual([]);
    expect(await references("reference=NC%25")).toEqual([]);
    expect(await references("name=%25")).toEqual([]);
    expect(await references("name=*_*")).toEqual([]);
  });

  it("matches names in any letter case", async () => {
    const names = (await list("max=1000&name=*JEWELRY*")).data.map((customer) => customer.name);
    expect(names).toContain("Marie's Jewelry");
    expect(names.length).toBeGreaterThan(1);
    expect(names.every((name) => name.toLowerCase().includes("jewelry"))).toBe(true);
  });

  it("filters on the category's reference", async () => {
    const page = await list("max=1000&categoryReference=jewel*");
    expect(page.data.map((customer) => customer.categoryReference)).toEqual(page.data.map(() => "jewelry"));
    expect(page.data.map((customer) => customer.reference)).toContain("NC-3");
    expect((await list("categoryReference=jewel")).paging.total).toBe(0);
  });

  it("filters on isActive", async () => {
    const inactive = await list("max=1000&isActive=false");
    const active = await list("max=1000&isActive=TRUE");
    expect(inactive.paging.total).toBeGreaterThan(0);
    expect(inactive.data.every((customer) => !customer.isActive)).toBe(true);
    expect(active.data.every((customer) => customer.isActive)).toBe(true);
    expect(inactive.paging.total + active.paging.total).toBe(EXTRA_CUSTOMERS + 1);
  });

  it("filters on date ranges, bounds included or not", async () => {
    expect(await references("dateCreated_lt=2016-01-01")).toEqual(["NC-3"]);
    expect(await references("dateCreated_lte=2015-12-17T23:00:00Z")).toEqual(["NC-3"]);
    expect(await references("dateCreated_lt=2015-12-17T23:00:00Z")).toEqual([]);
    expect(await references("lastUpdated_gte=2016-08-16T09:02:13Z&lastUpdated_lte=2016-08-16T11:02:13%2B02:00")).toEqual(["NC-3"]);
    expect(await references("lastUpdated_gt=2016-08-16T09:02:13Z&lastUpdated_lt=2016-08-17")).toEqual([]);
    expect((await list("dateCreated_gt=2016-01-01")).paging.total).toBe(EXTRA_CUSTOMERS);
  });

  it("combines filters", async () => {
    const page = await list("max=1000&reference=NC-*&isActive=true&categoryReference=food&sort=name&order=desc");
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data.every((customer) => customer.isActive && customer.categoryReference === "food")).toBe(true);
  });
});

describe("GET /api/{version}/customers: refusals", () => {
  const refusals: [string, number, string, string?][] = [
    ["max=abc", 400, "invalid_param_type", "The type of parameter max you provided is not valid for this request."],
    ["max=0", 400, "invalid_param", "max must be 1 or more."],
    ["max=-10", 400, "invalid_param"],
    ["offset=-1", 400, "invalid_param", "offset must be 0 or more."],
    ["offset=ten", 400, "invalid_param_type"],
    ["offset=2.5", 400, "invalid_param_type"],
    ["sort=balance", 400, "invalid_param", "sort must be one of id, reference, name, dateCreated, lastUpdated."],
    ["order=upwards", 400, "invalid_param", "order must be asc or desc."],
    ["dateCreated_gt=last-week", 400, "invalid_param_type", "The type of parameter dateCreated_gt you provided is not valid for this request."],
    ["lastUpdated_lt=2016-13-01", 400, "invalid_param_type"],
    ["isActive=maybe", 400, "invalid_param_type", "The type of parameter isActive you provided is not valid for this request."],
    ["offset=1&offset=2", 400, "invalid_param_type"],
    // PostgreSQL text cannot hold U+0000: this was a 500
    ["name=a%00b", 400, "invalid_param_type", "The type of parameter name you provided is not valid for this request."],
    // a query declares no charset: a Latin-1 é was searched for as U+FFFD
    ["name=Caf%E9*", 400, "invalid_param_type", "The type of parameter name you provided is not valid for this request."],
    ["reference=NC-%FF", 400, "invalid_param_type", "The type of parameter reference you provided is not valid for this request."],
  ];
  for (const [query, status, error, description] of refusals) {
    it(`refuses ${query} with ${status} ${error}`, async () => {
      const response = await api.get(`/api/v1.0/customers?${query}`, entity1);
      expect(response.status).toBe(status);
      const body = (await response.json()) as Record<string, string>;
      expect(Object.keys(body)).toEqual(["error", "error_description"]);
      expect(body.error).toBe(error);
      if (description) expect(body.error_description).toBe(description);
    });
  }

  it("answers 401 without credentials and 404 under an unknown version", async () => {
    expect((await api.get("/api/v1.0/customers")).status).toBe(401);
    const unknownVersion = await api.get("/api/v9.9/customers", entity1);
    expect(unknownVersion.status).toBe(404);
    expect(await unknownVersion.json()).toMatchObject({ error: "not_found" });
  });

  it("answers 405 with Allow: GET to a POST", async () => {
    const response = await api.request("/api/v1.0/customers", { method: "POST", headers: entity1, body: new URLSearchParams({ name: "New" }) });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });
});
