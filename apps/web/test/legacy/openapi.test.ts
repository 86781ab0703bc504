import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { customerCsvColumns, errorCodes, LegacyCustomerJson } from "@cr/domain";
import { findUserForLogin } from "@cr/db/repositories";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import {
  type JsonSchema,
  legacyApiSchemas,
  type OpenApiDocument,
  openApiMethods,
  type OpenApiOperation,
  type OpenApiParameter,
  type OpenApiResponse,
} from "~/server/legacy/openapi-document";
import { createWebhookEndpoint } from "~/server/services/webhooks/create-webhook-endpoint";

import { createLegacyApiClient } from "../support/legacy-api-client";
import { sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";

const appDir = fileURLToPath(new URL("../../src/app", import.meta.url));

let server: TestServer;
let api: ReturnType<typeof createLegacyApiClient>;
let entity1: Record<string, string>;
let document: OpenApiDocument;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 3 });
  api = createLegacyApiClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
  const admin = { ...(await findUserForLogin(server.deps.db, "admin@entity1.test"))!, tokenScope: null };
  const webhook = await createWebhookEndpoint({
    deps: server.deps,
    actor: admin,
    endpoint: { url: "https://erp.example.com/hooks", events: ["customer.updated"], description: "" },
  });
  exampleParams.webhooks!.id = String(webhook.id);
  // served without any credential
  const response = await api.get("/api/openapi.json");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  document = (await response.json()) as OpenApiDocument;
});

afterAll(async () => {
  await server?.close();
});

/** A local JSON pointer (`#/components/schemas/Customer`); undefined when it leads nowhere. */
function resolvePointer(ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function resolved<T>(value: T | { $ref: string }): T {
  if (value && typeof value === "object" && "$ref" in value) return resolvePointer(value.$ref) as T;
  return value as T;
}

function allRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => allRefs(item, found));
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") found.push(value);
      else allRefs(value, found);
    }
  }
  return found;
}

function operations(): { path: string; method: string; operation: OpenApiOperation; parameters: OpenApiParameter[] }[] {
  return Object.entries(document.paths).flatMap(([pathTemplate, item]) =>
    openApiMethods.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolved<OpenApiParameter>(p));
      return [{ path: pathTemplate, method, operation, parameters }];
    }),
  );
}

/**
 * A validator for a documented JSON Schema, built from the document itself
 * (its components as `$defs`), not from the zod source: the document is what
 * clients read.
 */
function documentedValidator(schema: JsonSchema): z.ZodType {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        key === "$ref" && typeof value === "string" ? value.replace("#/components/schemas/", "#/$defs/") : rewrite(value),
      ]),
    );
  };
  return z.fromJSONSchema({ ...(rewrite(schema) as object), $defs: rewrite(document.components.schemas) } as never);
}

describe("the OpenAPI document's structure", () => {
  it("is OpenAPI 3.1 with an info block", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info.title).toEqual(expect.any(String));
    expect(document.info.version).toEqual(expect.any(String));
  });

  it("resolves every $ref", () => {
    const refs = allRefs(document);
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.filter((ref) => resolvePointer(ref) === undefined)).toEqual([]);
  });

  it("gives every operation an id, a known tag and responses with a description", () => {
    const ids = new Set<string>();
    const tags = new Set(document.tags.map((tag) => tag.name));
    for (const { path: pathTemplate, method, operation } of operations()) {
      const where = `${method.toUpperCase()} ${pathTemplate}`;
      expect(pathTemplate, where).toMatch(/^\//);
      expect(ids.has(operation.operationId), `${where}: duplicate operationId`).toBe(false);
      ids.add(operation.operationId);
      expect(operation.tags.every((tag) => tags.has(tag)), where).toBe(true);
      const statuses = Object.keys(operation.responses);
      expect(statuses.length, where).toBeGreaterThan(0);
      for (const status of statuses) {
        expect(status, where).toMatch(/^[1-5]\d\d$/);
        expect(resolved<OpenApiResponse>(operation.responses[status]!).description, `${where} ${status}`).toEqual(expect.any(String));
      }
    }
    // login, this document, the list, its CSV export, the batch, show and update by id and by reference, the
    // history by id and by reference, 5 related objects by id and by reference
    // ... the feed, and the webhooks: list, create, show, delete, enable, disable, test, deliveries, retry
    expect(ids.size).toBe(31);
  });

  it("declares every path template parameter as a required path parameter, and no other", () => {
    for (const { path: pathTemplate, method, parameters } of operations()) {
      const templated = [...pathTemplate.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const declared = parameters.filter((parameter) => parameter.in === "path");
      expect(declared.map((parameter) => parameter.name).sort(), `${method} ${pathTemplate}`).toEqual(templated.sort());
      expect(declared.every((parameter) => parameter.required === true)).toBe(true);
    }
  });

  it("answers every error with the {error, error_description} schema", () => {
    const errorSchema = document.components.schemas.Error!;
    expect(errorSchema).toMatchObject({ required: ["error", "error_description"], additionalProperties: false });
    for (const { path: pathTemplate, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const schema = resolved<OpenApiResponse>(response).content?.["application/json"]?.schema;
        expect(allRefs(schema), `${pathTemplate} ${status}`).toContain("#/components/schemas/Error");
      }
    }
    // every code of the contract appears in the description's table, with its status
    for (const code of errorCodes) expect(document.info.description).toContain(`\`${code}\``);
  });

  it("offers bearer and cookie security, and needs neither for the login and this document", () => {
    expect(document.components.securitySchemes).toMatchObject({
      bearerAuth: { type: "http", scheme: "bearer" },
      cookieAuth: { type: "apiKey", in: "cookie", name: "JSESSIONID" },
    });
    expect(document.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    for (const { operation } of operations()) {
      for (const requirement of operation.security ?? []) {
        for (const scheme of Object.keys(requirement)) expect(document.components.securitySchemes).toHaveProperty(scheme);
      }
    }
    expect(document.paths["/j_spring_security_check"]!.post!.security).toEqual([]);
    expect(document.paths["/api/openapi.json"]!.get!.security).toEqual([]);
  });

  it("takes the update's form fields from the page's parameter list", () => {
    // the page's table, in its order
    const pageParameters = [
      "id", "reference", "name", "reference2", "barcode", "isActive", "categoryId", "isSubCustomer",
      "parentCustomerId", "billWithParent", "customerSegmentationId", "userId", "isSameAddress", "billingCountry",
      "billingCity", "billingPostalCode", "billingAddress", "billingLat", "billingLng", "country", "city",
      "postalCode", "address", "latitude", "longitude", "email", "phone", "mobile", "fax", "comment", "website",
      "creditLimit", "dueDateConfigNumber", "dueDateConfigType", "taxNumber", "companyRegistrationNumber",
      "currency", "imageFile", "paymentTypes", "regionId", "customerRisk", "customerRiskColor", "onHold", "onHoldReason",
    ];
    for (const updatePath of ["/api/{version}/customers/{id}", "/api/{version}/customers/reference/{reference}"]) {
      const content = document.paths[updatePath]!.post!.requestBody!.content;
      const urlEncoded = resolved<JsonSchema>(content["application/x-www-form-urlencoded"]!.schema);
      const multipart = resolved<JsonSchema>(content["multipart/form-data"]!.schema);
      expect(Object.keys(multipart.properties as object)).toEqual(pageParameters);
      expect(Object.keys(urlEncoded.properties as object)).toEqual(pageParameters.filter((name) => name !== "imageFile"));
    }
  });

  it("documents a batch item's customer: its id or its customerReference, exactly one", () => {
    const batch = document.components.schemas.CustomerBatch as { properties: { items: { items: JsonSchema } } };
    const properties = batch.properties.items.items.properties as Record<string, { description?: string }>;
    expect(Object.keys(properties).slice(0, 2)).toEqual(["id", "customerReference"]);
    expect(properties.customerReference!.description).toMatch(/reference, even when it is all digits/);
    const validator = documentedValidator({ $ref: "#/components/schemas/CustomerBatch" });
    const accepts = (item: object) => validator.safeParse({ items: [item] }).success;
    expect(accepts({ id: 256, comment: "x" })).toBe(true);
    expect(accepts({ customerReference: "10025", reference: "10026" })).toBe(true);
    expect(accepts({ id: 256, customerReference: "10025" })).toBe(false);
    expect(accepts({ comment: "x" })).toBe(false);
  });

  it("documents the X-Ignored-Parameters header of a successful update", () => {
    for (const updatePath of ["/api/{version}/customers/{id}", "/api/{version}/customers/reference/{reference}"]) {
      const headers = resolved<{ headers?: Record<string, { description?: string }> }>(
        document.paths[updatePath]!.post!.responses["200"]!,
      ).headers;
      expect(headers?.["X-Ignored-Parameters"]?.description).toContain("ignored");
    }
  });

  it("documents ETag on the customer's answers, If-Match, Idempotency-Key and their refusals on the update", () => {
    for (const path of ["/api/{version}/customers/{id}", "/api/{version}/customers/reference/{reference}"]) {
      const { get, post } = document.paths[path]!;
      for (const operation of [get!, post!]) {
        const ok = resolved<{ headers?: Record<string, unknown> }>(operation.responses["200"]!);
        expect(Object.keys(ok.headers ?? {})).toContain("ETag");
      }
      expect(post!.parameters).toContainEqual(expect.objectContaining({ name: "If-Match", in: "header" }));
      expect(post!.responses["412"]).toBeDefined();
      expect(post!.parameters).toContainEqual(expect.objectContaining({ name: "Idempotency-Key", in: "header" }));
      expect(Object.keys(post!.responses)).toEqual(expect.arrayContaining(["409", "422"]));
    }
  });

  it("describes the customer with exactly the page's keys", () => {
    const customer = document.components.schemas.Customer!;
    expect(Object.keys(customer.properties as object)).toEqual(Object.keys(LegacyCustomerJson.shape));
    expect(customer.required).toEqual(Object.keys(LegacyCustomerJson.shape));
  });

  it("has a route file exporting each documented method", async () => {
    for (const { path: pathTemplate, method } of operations()) {
      const folder = pathTemplate.replace(/\{([^}]+)\}/g, "[$1]").replace(/^\//, "");
      const file = path.join(appDir, folder, "route.ts");
      expect(existsSync(file), file).toBe(true);
      const routeModule = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      expect(typeof routeModule[method.toUpperCase()], `${file} ${method}`).toBe("function");
    }
  });
});

/** Concrete values for the path parameters of each collection, from the demo data. */
const exampleParams: Record<string, { id?: string; reference?: string; version?: string }> = {
  customers: { id: "256", reference: "NC-3" },
  customerCategories: { id: "2", reference: "jewelry" },
  customerSegmentations: { id: "1", reference: "seg_a" },
  paymentTypes: { id: "7", reference: "cash" },
  regions: { id: "2", reference: "us-ca" },
  users: { id: "2", reference: "emp-002" },
  // the feed exists from v2.1 on
  events: { version: "v2.1" },
  // and so do webhooks; the endpoint is made in beforeAll
  webhooks: { version: "v2.1" },
};

function concretePath(pathTemplate: string, overrides: Record<string, string> = {}): string {
  const collection = pathTemplate.split("/")[3] ?? "";
  const values: Record<string, string> = { version: "v1.0", ...exampleParams[collection], ...overrides };
  return pathTemplate.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name]!));
}

describe("each documented GET answers as documented", () => {
  it("answers 200 with a body that matches the documented schema, on every GET", async () => {
    let checked = 0;
    for (const { path: pathTemplate, operation } of operations().filter((entry) => entry.method === "get")) {
      const response = await api.get(concretePath(pathTemplate), entity1);
      expect(Object.keys(operation.responses), pathTemplate).toContain(String(response.status));
      expect(response.status, pathTemplate).toBe(200);
      const content = resolved<OpenApiResponse>(operation.responses["200"]!).content!;
      if (content["text/csv"]) {
        // the CSV export: its first row is the documented header
        expect((await response.text()).split("\n")[0], pathTemplate).toBe(customerCsvColumns.join(","));
        checked += 1;
        continue;
      }
      const documented = content["application/json"]!.schema;
      const body: unknown = await response.json();
      const result = documentedValidator(documented).safeParse(body);
      expect(result.error, pathTemplate).toBeUndefined();
      // and against the zod schema the component was generated from
      const componentName = (documented.$ref as string | undefined)?.split("/").at(-1);
      if (componentName) {
        const source = legacyApiSchemas[componentName as keyof typeof legacyApiSchemas];
        expect(source.safeParse(body).error, pathTemplate).toBeUndefined();
      }
      checked += 1;
    }
    expect(checked).toBe(21);
  });

  it("validates the customer answer against the documented schema, and catches a wrong one", async () => {
    const body = (await api.getJson("/api/v2.1/customers/256", entity1)) as Record<string, unknown>;
    const validator = documentedValidator({ $ref: "#/components/schemas/Customer" });
    expect(validator.safeParse(body).success).toBe(true);
    const { region: _region, ...withoutRegion } = body;
    expect(validator.safeParse(withoutRegion).success).toBe(false);
    expect(validator.safeParse({ ...body, creditLimit: "5000" }).success).toBe(false);
    expect(validator.safeParse({ ...body, dateCreated: "2015-12-17T23:00:00.000Z" }).success).toBe(false);
  });

  it("answers the documented error statuses, with the documented error body", async () => {
    for (const { path: pathTemplate, operation } of operations().filter((entry) => entry.method === "get")) {
      const cases: { path: string; headers: Record<string, string>; status: string }[] = [];
      if (operation.security?.length !== 0) cases.push({ path: concretePath(pathTemplate), headers: {}, status: "401" });
      if (pathTemplate.includes("{version}")) {
        cases.push({ path: concretePath(pathTemplate, { version: "v0.9" }), headers: entity1, status: "404" });
      }
      if (pathTemplate.includes("{id}")) cases.push({ path: concretePath(pathTemplate, { id: "99999" }), headers: entity1, status: "404" });
      if (pathTemplate.includes("{reference}")) {
        cases.push({ path: concretePath(pathTemplate, { reference: "no such thing" }), headers: entity1, status: "404" });
      }
      if (["listCustomers", "getCustomerHistory", "getCustomerHistoryByReference"].includes(operation.operationId)) {
        cases.push({ path: `${concretePath(pathTemplate)}?max=0`, headers: entity1, status: "400" });
      }
      for (const call of cases) {
        const response = await api.get(call.path, call.headers);
        expect(String(response.status), call.path).toBe(call.status);
        expect(Object.keys(operation.responses), call.path).toContain(call.status);
        const documented = resolved<OpenApiResponse>(operation.responses[call.status]!).content!["application/json"]!.schema;
        expect(documentedValidator(documented).safeParse(await response.json()).error, call.path).toBeUndefined();
      }
    }
  });

  it("documents the login's answer", async () => {
    const response = await api.request("/j_spring_security_check", {
      method: "POST",
      body: new URLSearchParams({ j_username: "admin@entity1.test", j_password: "demo-password", ajax: "true" }),
    });
    expect(response.status).toBe(200);
    const documented = resolved<OpenApiResponse>(document.paths["/j_spring_security_check"]!.post!.responses["200"]!);
    expect(documentedValidator(documented.content!["application/json"]!.schema).safeParse(await response.json()).error).toBeUndefined();
  });
});
