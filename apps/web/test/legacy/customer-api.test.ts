import { createApiToken, revokeApiToken } from "@cr/db/repositories";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLoginHandlers } from "~/server/legacy/login-handler";

import { countedBody } from "../support/counted-body";
import { bearer, createLegacyClient, sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";
import { captureErrorLogs, captureLogs } from "../support/captured-logs";

let server: TestServer;
let client: ReturnType<typeof createLegacyClient>;
let entity1: Record<string, string>;
let entity2: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  client = createLegacyClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
  const token = await createApiToken(server.deps.db, { userId: 3, organizationId: 2, name: "test", scope: "write", expiresAt: null });
  entity2 = bearer(token.token);
});

afterAll(async () => {
  await server?.close();
});

async function stored(id = "256") {
  const response = await client.call({ customer: { id }, headers: entity1 });
  expect(response.status).toBe(200);
  return response.json() as Promise<Record<string, unknown>>;
}

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

/** The keys of the page's success output, in the page's order. */
const PAGE_KEYS = [
  "id", "reference", "reference2", "name", "categoryReference", "customerCategory", "isSubCustomer",
  "parentCustomer", "billWithParent", "customerSegmentationReference", "customerSegmentation", "pocTenus",
  "email", "logo", "phone", "mobile", "fax", "comment", "barcode", "isSameAddress", "billingCountry",
  "billingCity", "billingPostalCode", "billingAddress", "billingLat", "billingLng", "country", "city",
  "postalCode", "address", "latitude", "longitude", "isCredit", "creditLimit", "balance", "maxChequePeriod",
  "maxChequeValue", "appliedCashBackOutput", "returnDiscount", "invoicesPerRoute", "isActive", "onHold",
  "onHoldReason", "paymentTerm", "createdBy", "dueDateConfigNumber", "dueDateConfigType", "paymentTypes",
  "website", "taxNumber", "companyRegistrationNumber", "contacts", "currency", "customerRisk",
  "customerRiskColor", "organization", "dateCreated", "lastUpdated", "region",
];

describe("GET /api/{version}/customers/{id}", () => {
  it("answers the page's example with every key, in the page's order", async () => {
    const response = await client.call({ customer: { id: "256" }, headers: entity1 });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(PAGE_KEYS);
    expect(body).toMatchObject({
      id: 256,
      reference: "NC-3",
      name: "Marie's Jewelry",
      categoryReference: "jewelry",
      customerCategory: { id: 2, reference: "jewelry", name: "Jewelry and accessories", href: "/api/v1.0/customerCategories/2" },
      customerSegmentationReference: "seg_a",
      customerSegmentation: { id: 1, reference: "seg_a", name: "Segmentation A", href: "/api/v1.0/customerSegmentations/1" },
      billingCountry: "FR",
      billingCity: "Nice",
      creditLimit: 5000,
      createdBy: { userId: 2, reference: "emp-002", href: "/api/v1.0/users/2" },
      dueDateConfigNumber: 7,
      dueDateConfigType: "daysAfterInvoiceDate",
      paymentTypes: [
        { id: 7, reference: "cash", name: "cash", href: "/api/v1.0/paymentTypes/7" },
        { id: 8, reference: "cheque", name: "cheque", href: "/api/v1.0/paymentTypes/8" },
      ],
      contacts: [],
      currency: "USD",
      organization: "entity1",
      dateCreated: "2015-12-17T23:00:00Z",
      region: { id: 2, name: "California", href: "/api/v1.0/regions/2" },
    });
  });

  it("uses the request's version prefix in every href", async () => {
    const body = (await (await client.call({ version: "v2.1", customer: { id: "256" }, headers: entity1 })).json()) as {
      customerCategory: { href: string };
      region: { href: string };
    };
    expect(body.customerCategory.href).toBe("/api/v2.1/customerCategories/2");
    expect(body.region.href).toBe("/api/v2.1/regions/2");
  });

  it("finds a customer by its reference", async () => {
    const response = await client.call({ customer: { reference: "NC-3" }, headers: entity1 });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id: number }).id).toBe(256);
  });

  it("answers 404 for an unknown version", async () => {
    const response = await client.call({ version: "v3.0", customer: { id: "256" }, headers: entity1 });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "not_found" });
  });

  it("answers 401 without credentials, with wrong ones and with a revoked token", async () => {
    const token = await createApiToken(server.deps.db, { userId: 1, organizationId: 1, name: "t", scope: "write", expiresAt: null });
    await revokeApiToken(server.deps.db, { id: token.id, now: new Date() });
    const expired = await createApiToken(server.deps.db, {
      userId: 1,
      organizationId: 1,
      name: "t",
      scope: "write",
      expiresAt: new Date(Date.now() - 1000),
    });
    for (const headers of [{}, bearer("nope"), sessionCookie("nope"), bearer(token.token), bearer(expired.token)]) {
      const response = await client.call({ customer: { id: "256" }, headers });
      expect(response.status).toBe(401);
      expect(Object.keys((await response.json()) as object)).toEqual(["error", "error_description"]);
    }
  });

  it("refuses a reference with a NUL character as a wrong type", async () => {
    const response = await client.call({ customer: { reference: "NC-3\u0000" }, headers: entity1 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "invalid_param_type",
      error_description: "The type of parameter reference you provided is not valid for this request.",
    });
  });

  it("answers another organization's customer exactly like a missing one", async () => {
    const foreign = await client.call({ customer: { id: "256" }, headers: entity2 });
    const missing = await client.call({ customer: { id: "999999" }, headers: entity2 });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const foreignBody = (await foreign.json()) as { error_description: string };
    const missingBody = (await missing.json()) as { error_description: string };
    expect(foreignBody.error_description).toBe("The customer with the id 256 doesn't exist.");
    expect(missingBody.error_description).toBe("The customer with the id 999999 doesn't exist.");
    expect(JSON.stringify(foreignBody)).not.toContain("Marie");
  });
});

describe("POST /api/{version}/customers/{id}", () => {
  it("updates partially from a form-encoded body and answers the stored customer", async () => {
    const response = await client.call({
      method: "POST",
      customer: { id: "256" },
      headers: entity1,
      body: form({ id: "256", phone: " +33 4 93 00 00 00 ", creditLimit: "7500.5", isActive: "TRUE", paymentTypes: '[{"id"=7}]' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(PAGE_KEYS);
    expect(body).toMatchObject({ phone: "+33 4 93 00 00 00", creditLimit: 7500.5, isActive: true, name: "Marie's Jewelry" });
    expect(body.paymentTypes).toEqual([{ id: 7, reference: "cash", name: "cash", href: "/api/v1.0/paymentTypes/7" }]);
    expect(await stored()).toEqual(body);
  });

  it("names the parameters it ignored in X-Ignored-Parameters, and still answers 200", async () => {
    const before = await stored();
    const typo = await client.call({ method: "POST", customer: { id: "256" }, headers: entity1, body: form({ credtLimit: "5", balance: "9" }) });
    expect(typo.status).toBe(200);
    expect(typo.headers.get("x-ignored-parameters")).toBe("credtLimit, balance");
    expect(await typo.json()).toEqual(before);

    const multipart = new FormData();
    multipart.set("comment", before.comment as string);
    multipart.set("phôto", new Blob(["x"]), "x.png");
    const withFile = await client.call({ method: "POST", customer: { id: "256" }, headers: entity1, body: multipart });
    expect(withFile.headers.get("x-ignored-parameters")).toBe("ph%C3%B4to");

    const clean = await client.call({ method: "POST", customer: { id: "256" }, headers: entity1, body: form({ comment: "" }) });
    expect(clean.headers.has("x-ignored-parameters")).toBe(false);
  });

  it("keeps X-Ignored-Parameters short whatever the body holds", async () => {
    const fields = Object.fromEntries(Array.from({ length: 2000 }, (_, index) => [`unknown${index}`, "x"]));
    const response = await client.call({ method: "POST", customer: { id: "256" }, headers: entity1, body: form(fields) });
    expect(response.status).toBe(200);
    const header = response.headers.get("x-ignored-parameters")!;
    expect(header.length).toBeLessThanOrEqual(1024 + 5);
    expect(header).toMatch(/^unknown0, unknown1, .*, \.\.\.$/);
  });

  it("stores the largest credit limit it accepts exactly", async () => {
    const response = await client.call({ method: "POST", customer: { id: "256" }, headers: entity1, body: form({ creditLimit: "9999999999999.99" }) });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('"creditLimit":9999999999999.99,');
    expect((await stored()).creditLimit).toBe(9_999_999_999_999.99);
  });

  it("reads a form body that names UTF-8 as its charset", async () => {
    const response = await client.call({
      method: "POST",
      customer: { id: "256" },
      headers: { ...entity1, "content-type": "application/x-www-form-urlencoded; charset=UTF-8" },
      body: "billingCity=Saint-%C3%89tienne",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ billingCity: "Saint-Étienne" });
  });

  it.each(["ISO-8859-1", "latin1", "windows-1252"])("reads a Servlet-era client's form in %s", async (charset) => {
    const response = await client.call({
      method: "POST",
      customer: { id: "256" },
      headers: { ...entity1, "content-type": `application/x-www-form-urlencoded; charset=${charset}` },
      body: "name=Caf%E9+de+Paris&billingCity=Saint-%C9tienne",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: "Café de Paris", billingCity: "Saint-Étienne" });
    expect(await stored()).toMatchObject({ name: "Café de Paris", billingCity: "Saint-Étienne" });
  });

  it("updates from a multipart body", async () => {
    const multipart = new FormData();
    multipart.set("comment", "Prefers deliveries before 10 am");
    multipart.set("billingCountry", "france");
    const response = await client.call({ method: "POST", customer: { id: "256" }, headers: entity1, body: multipart });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ comment: "Prefers deliveries before 10 am", billingCountry: "FR", country: "FR" });
  });

  it("updates a customer found by its reference, with a bearer token", async () => {
    const token = await createApiToken(server.deps.db, { userId: 1, organizationId: 1, name: "erp", scope: "write", expiresAt: null });
    const response = await client.call({
      method: "POST",
      customer: { reference: "NC-3" },
      headers: bearer(token.token),
      body: form({ fax: "+33 4 93 11 11 11" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 256, fax: "+33 4 93 11 11 11" });
  });

  const refusals: { name: string; body: () => LegacyBodyInit; status: number; error: string; description?: string; headers?: Record<string, string> }[] = [
    { name: "an empty reference", body: () => form({ reference: "" }), status: 400, error: "missing_param", description: "reference parameter is missing" },
    { name: "an empty name", body: () => form({ name: "  " }), status: 400, error: "missing_param", description: "name parameter is missing" },
    { name: "a reference already used", body: () => form({ reference: "NC-001" }), status: 400, error: "not_unique", description: "reference already used" },
    { name: "a payment type id that is not a number", body: () => form({ paymentTypes: '[{"id"="cash"}]' }), status: 400, error: "invalid_param_type", description: "The type of parameter payment type id you provided is not valid for this request." },
    { name: "an unknown payment type", body: () => form({ paymentTypes: '[{"id"=7},{"id"=999}]' }), status: 404, error: "not_found", description: "The payment type with the id 999 doesn't exist." },
    { name: "the customer as its own parent", body: () => form({ isSubCustomer: "true", parentCustomerId: "256" }), status: 404, error: "not_found", description: "The customer cannot be a subcustomer of itself." },
    { name: "an unknown parent", body: () => form({ isSubCustomer: "true", parentCustomerId: "188911" }), status: 404, error: "not_found", description: "The parent customer with the id 188911 doesn't exist." },
    { name: "a sub-customer without a parent", body: () => form({ isSubCustomer: "true" }), status: 400, error: "missing_param", description: "parentCustomerId parameter is missing" },
    { name: "a boolean that is not one", body: () => form({ isActive: "yes" }), status: 400, error: "invalid_param_type", description: "The type of parameter isActive you provided is not valid for this request." },
    { name: "a decimal comma", body: () => form({ creditLimit: "12,5" }), status: 400, error: "invalid_param_type", description: "The type of parameter creditLimit you provided is not valid for this request." },
    { name: "a latitude out of range", body: () => form({ billingLat: "123" }), status: 400, error: "invalid_param" },
    { name: "an unknown country", body: () => form({ country: "Narnia", isSameAddress: "false" }), status: 400, error: "invalid_param" },
    { name: "a currency the organization does not use", body: () => form({ currency: "JPY" }), status: 400, error: "invalid_param" },
    { name: "a due date type without its number", body: () => form({ dueDateConfigType: "2" }), status: 400, error: "missing_param", description: "dueDateConfigNumber parameter is missing" },
    { name: "the same parameter twice", body: () => "name=A&name=B", status: 400, error: "invalid_param_type", description: "The type of parameter name you provided is not valid for this request.", headers: { "content-type": "application/x-www-form-urlencoded" } },
    { name: "a body id naming another customer", body: () => form({ id: "257", name: "Other" }), status: 400, error: "invalid_param_type" },
    { name: "an unknown category", body: () => form({ categoryId: "no-such-category" }), status: 404, error: "not_found", description: "The customer category with the id no-such-category doesn't exist." },
    { name: "a JSON body", body: () => '{"name":"x"}', status: 400, error: "invalid_param_type", description: "The request content type is not supported.", headers: { "content-type": "application/json" } },
    // it was decoded as UTF-8 whatever it said
    { name: "a form body in a charset it cannot read", body: () => "name=Marie", status: 400, error: "invalid_param_type", description: 'The request content type is not supported: the charset "utf-16" cannot be read (send UTF-8, ISO-8859-1, windows-1252 or ISO-8859-15).', headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-16" } },
    // a Latin-1 é sent without saying so: it was stored as U+FFFD
    { name: "bytes that are not UTF-8 in a form that declares no charset", body: () => "name=Caf%E9+de+Paris", status: 400, error: "invalid_param_type", description: "The type of parameter name you provided is not valid for this request.", headers: { "content-type": "application/x-www-form-urlencoded" } },
    { name: "a UTF-16 surrogate encoded as if UTF-8 (CESU-8)", body: () => "comment=%ED%A0%80", status: 400, error: "invalid_param_type", description: "The type of parameter comment you provided is not valid for this request.", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } },
    // PostgreSQL text cannot hold U+0000: these were 500s
    { name: "a NUL character in a string", body: () => "comment=a%00b", status: 400, error: "invalid_param_type", description: "The type of parameter comment you provided is not valid for this request.", headers: { "content-type": "application/x-www-form-urlencoded" } },
    { name: "a NUL character in a reference to another object", body: () => "categoryId=jewel%00ry", status: 400, error: "invalid_param_type", description: "The type of parameter categoryId you provided is not valid for this request.", headers: { "content-type": "application/x-www-form-urlencoded" } },
    // a double holds 1234567890123456.8: it was stored as 1234567890123456.80
    { name: "a credit limit that cannot be stored exactly", body: () => form({ creditLimit: "1234567890123456.78" }), status: 400, error: "invalid_param", description: "creditLimit must have at most 15 significant digits: a longer amount cannot be stored exactly." },
    { name: "a credit limit whose decimals a double would drop", body: () => form({ creditLimit: "5000.0000000000000001" }), status: 400, error: "invalid_param", description: "creditLimit must have at most 2 decimal places." },
    { name: "a NUL character in a multipart field", body: () => multipart({ name: "Marie\u0000" }), status: 400, error: "invalid_param_type", description: "The type of parameter name you provided is not valid for this request." },
  ];

  for (const refusal of refusals) {
    it(`refuses ${refusal.name} and changes nothing`, async () => {
      const before = await stored();
      const response = await client.call({
        method: "POST",
        customer: { id: "256" },
        headers: { ...entity1, ...refusal.headers },
        body: refusal.body(),
      });
      expect(response.status).toBe(refusal.status);
      const body = (await response.json()) as Record<string, string>;
      expect(Object.keys(body)).toEqual(["error", "error_description"]);
      expect(body.error).toBe(refusal.error);
      if (refusal.description) expect(body.error_description).toBe(refusal.description);
      expect(await stored()).toEqual(before);
    });
  }

  it("never changes another organization's customer", async () => {
    const before = await stored();
    const response = await client.call({ method: "POST", customer: { id: "256" }, headers: entity2, body: form({ name: "Stolen" }) });
    expect(response.status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it("answers 405 in the contract's format for other methods", async () => {
    const response = await client.call({ method: "DELETE", customer: { id: "256" }, headers: entity1 });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
    expect(await response.json()).toMatchObject({ error: "method_not_allowed" });
  });
});

type LegacyBodyInit = URLSearchParams | FormData | string;

function multipart(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return body;
}

describe("request limits", () => {
  it("answers 413 past the body limit, declared or streamed, and changes nothing", async () => {
    const small = await startTestServer({ maxRequestBytes: 1024, customersPerOrganization: 1 });
    try {
      const smallClient = createLegacyClient(small.deps);
      const headers = sessionCookie(await sessionTokenOf(small.deps, "admin@entity1.test"));
      const response = await smallClient.call({
        method: "POST",
        customer: { id: "256" },
        headers,
        body: form({ comment: "x".repeat(2000) }),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: "payload_too_large" });
      const after = (await (await smallClient.call({ customer: { id: "256" }, headers })).json()) as { comment: unknown };
      expect(after.comment).toBeNull();
    } finally {
      await small.close();
    }
  });

  it("answers 413 to a chunked body past the limit without reading it to its end, whatever length it declares", async () => {
    for (const declared of [{}, { "content-length": "10" }] as Record<string, string>[]) {
      const before = await stored();
      const body = countedBody({ totalBytes: 300 * 1024 * 1024, prefix: "comment=", chunkBytes: 64 * 1024 });
      const response = await client.call({
        method: "POST",
        customer: { id: "256" },
        headers: { ...entity1, "content-type": "application/x-www-form-urlencoded", ...declared },
        body: body.stream,
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: "payload_too_large" });
      expect(body.ended).toBe(false);
      expect(body.pulled).toBeLessThanOrEqual(server.deps.config.maxRequestBytes + 64 * 1024);
      expect(await stored()).toEqual(before);
    }
  });

  it("does not log a client that went away mid-body as a server fault", async () => {
    const before = await stored();
    const logs = captureLogs();
    try {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ === 0) controller.enqueue(new TextEncoder().encode("comment=half"));
          // what Node's HTTP server gives when the client's connection closes mid-body
          else controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
        },
      });
      const response = await client.call({
        method: "POST",
        customer: { id: "256" },
        headers: { ...entity1, "content-type": "application/x-www-form-urlencoded" },
        body,
      });
      expect(response.status).not.toBe(500);
      expect(logs.errors()).toEqual([]);
      expect(logs.lines()).toContainEqual(expect.objectContaining({ level: "info", reason: "aborted" }));
    } finally {
      logs.restore();
    }
    expect(await stored()).toEqual(before);
  });

  it("answers 429 with Retry-After past the rate limit", async () => {
    const limited = await startTestServer({ rateLimitPerMinute: 2, customersPerOrganization: 1 });
    try {
      const limitedClient = createLegacyClient(limited.deps);
      const headers = sessionCookie(await sessionTokenOf(limited.deps, "admin@entity1.test"));
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await limitedClient.call({ customer: { id: "256" }, headers })).status);
      expect(statuses).toEqual([200, 200, 429]);
      const refused = await limitedClient.call({ customer: { id: "256" }, headers });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ error: "rate_limited" });
    } finally {
      await limited.close();
    }
  });

  it("answers 500 without any detail of the fault when the database is gone", async () => {
    const broken = await startTestServer({ customersPerOrganization: 1 });
    const brokenClient = createLegacyClient(broken.deps);
    const headers = sessionCookie(await sessionTokenOf(broken.deps, "admin@entity1.test"));
    await broken.close();
    const logs = captureErrorLogs();
    try {
      const response = await brokenClient.call({ method: "POST", customer: { id: "256" }, headers, body: form({ name: "x" }) });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: "server_error", error_description: "Oops! Something went wrong..." });
      // the fault is for the operator's log, not the client
      expect(logs.errors()).toEqual([expect.objectContaining({ level: "error", message: "legacy API request failed", method: "POST" })]);
    } finally {
      logs.restore();
    }
  });
});

describe("POST /j_spring_security_check", () => {
  it("signs in with the demo login and sets the session cookie", async () => {
    const response = await client.login({ j_username: "admin@entity1.test", j_password: "demo-password", ajax: "true" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { success: boolean; token: string; user: unknown };
    expect(body).toMatchObject({
      success: true,
      user: { id: 1, reference: "emp-001", email: "admin@entity1.test", organization: "entity1" },
    });
    expect(response.headers.get("set-cookie")).toBe(`JSESSIONID=${body.token}; Path=/; HttpOnly; SameSite=Lax`);
    const show = await client.call({ customer: { id: "256" }, headers: sessionCookie(body.token) });
    expect(show.status).toBe(200);
  });

  it("answers 405 naming POST to other methods", async () => {
    const response = await createLoginHandlers(() => Promise.resolve(server.deps)).GET(
      new Request("http://records.test/j_spring_security_check"),
    );
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await response.json()).toMatchObject({ error: "method_not_allowed" });
  });

  it("answers the same 401 for a wrong password and an unknown e-mail", async () => {
    for (const fields of [
      // no account can have it: PostgreSQL text cannot hold U+0000 (this was a 500)
      { j_username: "admin@entity1.test\u0000", j_password: "demo-password", ajax: "true" },
      { j_username: "admin@entity1.test", j_password: "wrong", ajax: "true" },
      { j_username: "nobody@entity1.test", j_password: "demo-password", ajax: "true" },
    ]) {
      const response = await client.login(fields);
      expect(response.status).toBe(401);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await response.json()).toEqual({ error: "unauthorized", error_description: "Bad credentials" });
    }
  });
});
