import { createApiToken } from "@cr/db/repositories";
import {
  LegacyCustomerCategoryJson,
  LegacyCustomerJson,
  LegacyCustomerSegmentationJson,
  LegacyPaymentTypeJson,
  LegacyRegionJson,
  LegacyUserJson,
} from "@cr/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";

import { collectHrefs, createLegacyApiClient } from "../support/legacy-api-client";
import { bearer, sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let api: ReturnType<typeof createLegacyApiClient>;
let entity1: Record<string, string>;
let entity2: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 3 });
  api = createLegacyApiClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
  const token = await createApiToken(server.deps.db, { userId: 3, organizationId: 2, name: "test", scope: "write", expiresAt: null });
  entity2 = bearer(token.token);
  // gives customer 256 a parent, so that its answer carries every kind of href
  const update = await api.request("/api/v1.0/customers/256", {
    method: "POST",
    headers: entity1,
    body: new URLSearchParams({ isSubCustomer: "true", parentCustomerId: "NC-001" }),
  });
  expect(update.status).toBe(200);
});

afterAll(async () => {
  await server?.close();
});

const schemaOfCollection: Record<string, z.ZodType> = {
  customers: LegacyCustomerJson,
  customerCategories: LegacyCustomerCategoryJson,
  customerSegmentations: LegacyCustomerSegmentationJson,
  paymentTypes: LegacyPaymentTypeJson,
  regions: LegacyRegionJson,
  users: LegacyUserJson,
};

describe("every href of a customer answer", () => {
  for (const version of ["v1.0", "v2.1"]) {
    it(`answers 200 with the linked object, under ${version}`, async () => {
      const customer = await api.getJson(`/api/${version}/customers/256`, entity1);
      const hrefs = collectHrefs(customer);
      expect(hrefs.map((href) => href.split("/")[3])).toEqual([
        "customerCategories",
        "customers",
        "customerSegmentations",
        "users",
        "paymentTypes",
        "paymentTypes",
        "regions",
      ]);
      for (const href of hrefs) {
        expect(href.startsWith(`/api/${version}/`)).toBe(true);
        const [, , , collection, id] = href.split("/");
        const linked = await api.getJson<{ id: number; href?: string }>(href, entity1);
        expect(linked.id).toBe(Number(id));
        // a linked object shows its own href (the customer JSON has none: the page's keys only)
        if (collection !== "customers") expect(linked.href).toBe(href);
        expect(schemaOfCollection[collection!]!.safeParse(linked).error).toBeUndefined();
        // and every link inside it answers too
        for (const inner of collectHrefs(linked)) expect((await api.get(inner, entity1)).status).toBe(200);
      }
    });
  }

  it("shows the linked objects in documented shapes", async () => {
    expect(await api.getJson("/api/v1.0/customerCategories/2", entity1)).toEqual({
      id: 2,
      reference: "jewelry",
      name: "Jewelry and accessories",
      parent: { id: 1, reference: "root", name: "All customers", href: "/api/v1.0/customerCategories/1" },
      href: "/api/v1.0/customerCategories/2",
    });
    expect(await api.getJson("/api/v2.1/customerSegmentations/1", entity1)).toEqual({
      id: 1,
      reference: "seg_a",
      name: "Segmentation A",
      href: "/api/v2.1/customerSegmentations/1",
    });
    expect(await api.getJson("/api/v1.0/paymentTypes/8", entity1)).toEqual({
      id: 8,
      reference: "cheque",
      name: "cheque",
      href: "/api/v1.0/paymentTypes/8",
    });
    expect(await api.getJson("/api/v1.0/regions/2", entity1)).toEqual({
      id: 2,
      reference: "us-ca",
      name: "California",
      level: 2,
      parent: { id: 1, reference: "us", name: "United States", href: "/api/v1.0/regions/1" },
      href: "/api/v1.0/regions/2",
    });
    const user = await api.getJson("/api/v1.0/users/2", entity1);
    expect(user).toEqual({ id: 2, reference: "emp-002", email: "sales@entity1.test", name: "Sam Sales", href: "/api/v1.0/users/2" });
    expect(JSON.stringify(user)).not.toMatch(/password|hash|scrypt|argon/i);
  });

  it("finds each object by its reference too, URL-encoded", async () => {
    for (const [path, id] of [
      ["/api/v1.0/customerCategories/reference/jewelry", 2],
      ["/api/v1.0/customerSegmentations/reference/seg_a", 1],
      ["/api/v1.0/paymentTypes/reference/cash", 7],
      ["/api/v1.0/regions/reference/us-ca", 2],
      ["/api/v1.0/users/reference/emp-002", 2],
    ] as const) {
      expect((await api.getJson<{ id: number }>(path, entity1)).id).toBe(id);
    }
  });
});

describe("organization scoping", () => {
  it("answers another organization's object exactly like a missing one", async () => {
    const customer = await api.getJson(`/api/v1.0/customers/256`, entity1);
    for (const href of collectHrefs(customer)) {
      const [, , , collection, id] = href.split("/");
      const foreign = await api.get(href, entity2);
      const missing = await api.get(`/api/v1.0/${collection}/999999`, entity2);
      expect(foreign.status).toBe(404);
      expect(missing.status).toBe(404);
      const foreignBody = (await foreign.json()) as { error: string; error_description: string };
      const missingBody = (await missing.json()) as { error: string; error_description: string };
      expect(Object.keys(foreignBody)).toEqual(["error", "error_description"]);
      expect(foreignBody.error).toBe("not_found");
      expect(foreignBody.error_description).toBe(missingBody.error_description.replace("999999", id!));
    }
  });

  it("never finds another organization's object by its reference", async () => {
    for (const path of ["/api/v1.0/customerCategories/reference/jewelry", "/api/v1.0/regions/reference/us-ca", "/api/v1.0/users/reference/emp-002"]) {
      const response = await api.get(path, entity2);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: "not_found" });
    }
  });

  it("resolves a reference both organizations use to the caller's own object", async () => {
    expect(await api.getJson("/api/v1.0/customerSegmentations/reference/seg_a", entity2)).toEqual({
      id: 3,
      reference: "seg_a",
      name: "Key accounts",
      href: "/api/v1.0/customerSegmentations/3",
    });
  });
});

describe("the legacy rules around the related objects", () => {
  it("answers 401 in the contract's format without credentials", async () => {
    const response = await api.get("/api/v1.0/regions/2");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: "unauthorized",
      error_description: "Full authentication is required to access this resource",
    });
  });

  it("answers 404 for an unknown version and for an id that cannot be one", async () => {
    expect((await api.get("/api/v3.0/regions/2", entity1)).status).toBe(404);
    const notAnId = await api.get("/api/v1.0/regions/two", entity1);
    expect(notAnId.status).toBe(404);
    expect(await notAnId.json()).toEqual({ error: "not_found", error_description: "The region with the id two doesn't exist." });
    expect(await (await api.get("/api/v1.0/users/reference/nobody", entity1)).json()).toEqual({
      error: "not_found",
      error_description: "The user with the reference nobody doesn't exist.",
    });
  });

  it("refuses a reference with a NUL character as a wrong type", async () => {
    for (const collection of ["customerCategories", "customerSegmentations", "paymentTypes", "regions", "users"]) {
      const response = await api.get(`/api/v1.0/${collection}/reference/a%00b`, entity1);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: "invalid_param_type",
        error_description: "The type of parameter reference you provided is not valid for this request.",
      });
    }
  });

  it("answers 405 with Allow: GET to a write", async () => {
    const response = await api.request("/api/v1.0/paymentTypes/7", { method: "POST", headers: entity1, body: new URLSearchParams({ name: "x" }) });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect(await response.json()).toMatchObject({ error: "method_not_allowed" });
  });
});
