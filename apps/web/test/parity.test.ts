/**
 * One table of cases, run through both doors: the legacy form POST and the
 * UI's tRPC `customer.update`. Two identically seeded databases receive the
 * same sequence of requests, one per door; after each case the outcome (code,
 * status, field) and the whole stored customer must be the same on both.
 */
import type { CustomerPatchInput } from "@cr/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLegacyClient, sessionCookie } from "./support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "./support/test-server";
import { trpcHttp } from "./support/trpc-http";

interface ParityCase {
  name: string;
  form: Record<string, string>;
  patch: CustomerPatchInput;
  /** undefined: accepted; otherwise the contract's code and status. */
  refusal?: { code: string; status: number; field?: string };
}

const cases: ParityCase[] = [
  { name: "renames", form: { name: "Marie's Fine Jewelry" }, patch: { name: "Marie's Fine Jewelry" } },
  { name: "sets a credit limit", form: { creditLimit: "9000.5" }, patch: { creditLimit: 9000.5 } },
  { name: "replaces the payment types", form: { paymentTypes: '[{"id"=8}]' }, patch: { paymentTypes: [8] } },
  { name: "takes a country by name", form: { billingCountry: "germany" }, patch: { billingCountry: "germany" } },
  { name: "names a parent by reference", form: { isSubCustomer: "true", parentCustomerId: "NC-002" }, patch: { isSubCustomer: true, parentCustomerId: "NC-002" } },
  { name: "bills with the parent", form: { billWithParent: "true" }, patch: { billWithParent: true } },
  { name: "stops being a sub-customer", form: { isSubCustomer: "false" }, patch: { isSubCustomer: false } },
  { name: "refuses a latitude of 123", form: { billingLat: "123" }, patch: { billingLat: 123 }, refusal: { code: "invalid_param", status: 400, field: "billingLat" } },
  { name: "refuses an empty reference", form: { reference: "" }, patch: { reference: "" }, refusal: { code: "missing_param", status: 400, field: "reference" } },
  { name: "refuses a reference already used", form: { reference: "NC-001" }, patch: { reference: "NC-001" }, refusal: { code: "not_unique", status: 400, field: "reference" } },
  { name: "refuses the customer as its own parent", form: { isSubCustomer: "true", parentCustomerId: "256" }, patch: { isSubCustomer: true, parentCustomerId: 256 }, refusal: { code: "not_found", status: 404, field: "parentCustomerId" } },
  { name: "refuses an unknown payment type", form: { paymentTypes: '[{"id"=999}]' }, patch: { paymentTypes: [999] }, refusal: { code: "not_found", status: 404, field: "paymentTypes" } },
  { name: "refuses a currency not configured", form: { currency: "JPY" }, patch: { currency: "JPY" }, refusal: { code: "invalid_param", status: 400, field: "currency" } },
  { name: "refuses a due date type without its number", form: { dueDateConfigType: "2" }, patch: { dueDateConfigType: 2 }, refusal: { code: "missing_param", status: 400, field: "dueDateConfigNumber" } },
  { name: "refuses billing with a parent it does not have", form: { billWithParent: "true" }, patch: { billWithParent: true }, refusal: { code: "invalid_param", status: 400, field: "billWithParent" } },
  { name: "refuses a malformed e-mail", form: { email: "not-an-email" }, patch: { email: "not-an-email" }, refusal: { code: "invalid_param", status: 400, field: "email" } },
  { name: "refuses a negative credit limit", form: { creditLimit: "-1" }, patch: { creditLimit: -1 }, refusal: { code: "invalid_param", status: 400, field: "creditLimit" } },
  { name: "refuses an unknown category", form: { categoryId: "nope" }, patch: { categoryId: "nope" }, refusal: { code: "not_found", status: 404, field: "categoryId" } },
  { name: "refuses a parent in another organization", form: { isSubCustomer: "true", parentCustomerId: "E2-001" }, patch: { isSubCustomer: true, parentCustomerId: "E2-001" }, refusal: { code: "not_found", status: 404, field: "parentCustomerId" } },
];

let legacyServer: TestServer;
let trpcServer: TestServer;
let legacyHeaders: Record<string, string>;
let trpcHeaders: Record<string, string>;

beforeAll(async () => {
  [legacyServer, trpcServer] = await Promise.all([startTestServer(), startTestServer()]);
  legacyHeaders = sessionCookie(await sessionTokenOf(legacyServer.deps, "admin@entity1.test"));
  trpcHeaders = sessionCookie(await sessionTokenOf(trpcServer.deps, "admin@entity1.test"));
});

afterAll(async () => {
  await Promise.all([legacyServer?.close(), trpcServer?.close()]);
});

/** The stored customer as the legacy GET shows it, minus the write time that differs by nature. */
async function storedCustomer(server: TestServer, headers: Record<string, string>) {
  const response = await createLegacyClient(server.deps).call({ customer: { id: "256" }, headers });
  const { lastUpdated: _lastUpdated, ...rest } = (await response.json()) as Record<string, unknown>;
  return rest;
}

describe("both doors apply the same rules", () => {
  for (const parityCase of cases) {
    it(parityCase.name, async () => {
      const legacy = await createLegacyClient(legacyServer.deps).call({
        method: "POST",
        customer: { id: "256" },
        headers: legacyHeaders,
        body: new URLSearchParams(parityCase.form),
      });
      const trpc = await trpcHttp(trpcServer.deps, {
        procedure: "customer.update",
        kind: "mutation",
        input: { id: 256, patch: parityCase.patch },
        headers: trpcHeaders,
      });

      if (parityCase.refusal) {
        expect(legacy.status).toBe(parityCase.refusal.status);
        expect(await legacy.json()).toMatchObject({ error: parityCase.refusal.code });
        expect(trpc.status).toBe(parityCase.refusal.status);
        expect(trpc.error?.data).toMatchObject({ domainCode: parityCase.refusal.code, field: parityCase.refusal.field ?? null });
      } else {
        expect(legacy.status).toBe(200);
        expect(trpc.status).toBe(200);
      }
      expect(await storedCustomer(trpcServer, trpcHeaders)).toEqual(await storedCustomer(legacyServer, legacyHeaders));
    });
  }
});
