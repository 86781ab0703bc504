/**
 * One table of cases, run through every door that updates a customer: the
 * legacy form POST, the UI's tRPC `customer.update`, the batch API (one item)
 * and the CSV import (one row, applied row by row). Four identically seeded
 * databases receive the same sequence of requests, one per door; after each
 * case the outcome (code, status, field; the legacy texts where the door
 * shows them) and the whole stored customer must be the same on all four.
 */
import type { CustomerPatchInput } from "@cr/domain";
import { stringify } from "csv-stringify/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createCustomerImportHandlers } from "~/server/imports/customer-import-handler";
import type { CustomerImportOutcome } from "~/server/services/customer-import-outcome";

import { createLegacyApiClient } from "./support/legacy-api-client";
import { createLegacyClient, sessionCookie } from "./support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "./support/test-server";
import { trpcHttp } from "./support/trpc-http";

interface ParityCase {
  name: string;
  form: Record<string, string>;
  patch: CustomerPatchInput;
  /** undefined: accepted; otherwise the contract's code and status. */
  refusal?: { code: string; status: number; field?: string };
  /** The bytes a legacy client sends, when they are not `form` in UTF-8 (another charset, bytes that are not text). */
  legacyBody?: { contentType: string; body: string };
  /** The import file's row, when it is not `form` in UTF-8. */
  csvRow?: Uint8Array;
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
  // the same text from a Servlet-era client in Latin-1, from JSON, and from a UTF-8 file
  {
    name: "takes a Latin-1 form's accents as every other door's",
    form: { name: "Café Œuvre", billingCity: "Saint-Étienne" },
    patch: { name: "Café Œuvre", billingCity: "Saint-Étienne" },
    legacyBody: { contentType: "application/x-www-form-urlencoded; charset=windows-1252", body: "name=Caf%E9+%8Cuvre&billingCity=Saint-%C9tienne" },
  },
  // text that is not valid Unicode: a surrogate sent as UTF-8 bytes (CESU-8) by a form or in a file, a lone surrogate in JSON
  {
    name: "refuses a name that is not valid Unicode",
    form: { name: "Caf\ud800" },
    patch: { name: "Caf\ud800" },
    refusal: { code: "invalid_param_type", status: 400, field: "name" },
    legacyBody: { contentType: "application/x-www-form-urlencoded", body: "name=Caf%ED%A0%80" },
    csvRow: new Uint8Array([...Buffer.from("256,Caf"), 0xed, 0xa0, 0x80, 0x0a]),
  },
  { name: "refuses a parent in another organization", form: { isSubCustomer: "true", parentCustomerId: "E2-001" }, patch: { isSubCustomer: true, parentCustomerId: "E2-001" }, refusal: { code: "not_found", status: 404, field: "parentCustomerId" } },
];

const doors = ["legacy", "trpc", "batch", "csv"] as const;
type Door = (typeof doors)[number];
const servers = {} as Record<Door, TestServer>;
const headers = {} as Record<Door, Record<string, string>>;

// four databases to create and seed: more than the default minute on a loaded machine
beforeAll(async () => {
  const started = await Promise.all(doors.map(() => startTestServer()));
  for (const [index, door] of doors.entries()) {
    servers[door] = started[index]!;
    headers[door] = sessionCookie(await sessionTokenOf(servers[door].deps, "admin@entity1.test"));
  }
}, 240_000);

afterAll(async () => {
  await Promise.all(doors.map((door) => servers[door]?.close()));
});

/** The case as one item of `POST /api/v2.1/customers/batch`: the item's status and body. */
async function throughBatch(form: Record<string, string>) {
  const response = await createLegacyApiClient(servers.batch.deps).request("/api/v2.1/customers/batch", {
    method: "POST",
    headers: { ...headers.batch, "content-type": "application/json" },
    body: JSON.stringify({ items: [{ id: "256", ...form }] }),
  });
  expect(response.status).toBe(200);
  const { items } = (await response.json()) as { items: { status: number; body: Record<string, unknown> }[] };
  return items[0]!;
}

/** The case as one row of a CSV import applied row by row: the row's outcome. */
async function throughCsvImport(form: Record<string, string>, rowBytes?: Uint8Array): Promise<CustomerImportOutcome> {
  const file = rowBytes
    ? Buffer.concat([Buffer.from(stringify([["id", ...Object.keys(form)]])), rowBytes])
    : stringify([["id", ...Object.keys(form)], ["256", ...Object.values(form)]]);
  const response = await createCustomerImportHandlers(() => Promise.resolve(servers.csv.deps)).POST(
    new Request("http://records.test/api/customer-import?mode=rows", {
      method: "POST",
      headers: { ...headers.csv, "content-type": "text/csv" },
      body: file,
    }),
  );
  expect(response.status).toBe(200);
  const lines = (await response.text()).split("\n").filter(Boolean).map((line) => JSON.parse(line) as { outcomes?: CustomerImportOutcome[] });
  const outcomes = lines.flatMap((line) => line.outcomes ?? []);
  expect(outcomes).toHaveLength(1);
  return outcomes[0]!;
}

/** The stored customer as the legacy GET shows it, minus the write time that differs by nature. */
async function storedCustomer(server: TestServer, headers: Record<string, string>) {
  const response = await createLegacyClient(server.deps).call({ customer: { id: "256" }, headers });
  const { lastUpdated: _lastUpdated, ...rest } = (await response.json()) as Record<string, unknown>;
  return rest;
}

describe("every door applies the same rules", () => {
  for (const parityCase of cases) {
    it(parityCase.name, async () => {
      const legacy = await createLegacyClient(servers.legacy.deps).call({
        method: "POST",
        customer: { id: "256" },
        headers: parityCase.legacyBody ? { ...headers.legacy, "content-type": parityCase.legacyBody.contentType } : headers.legacy,
        body: parityCase.legacyBody?.body ?? new URLSearchParams(parityCase.form),
      });
      const legacyBody = (await legacy.json()) as Record<string, unknown>;
      const trpc = await trpcHttp(servers.trpc.deps, {
        procedure: "customer.update",
        kind: "mutation",
        input: { id: 256, patch: parityCase.patch },
        headers: headers.trpc,
      });
      const batchItem = await throughBatch(parityCase.form);
      const csvRow = await throughCsvImport(parityCase.form, parityCase.csvRow);

      if (parityCase.refusal) {
        expect(legacy.status).toBe(parityCase.refusal.status);
        expect(legacyBody).toMatchObject({ error: parityCase.refusal.code });
        expect(trpc.status).toBe(parityCase.refusal.status);
        expect(trpc.error?.data).toMatchObject({ domainCode: parityCase.refusal.code, field: parityCase.refusal.field ?? null });
        // the batch answers each item as the form POST answers; the import words its rows alike
        expect(batchItem).toEqual({ status: legacy.status, body: legacyBody });
        expect(csvRow).toMatchObject({
          status: "refused",
          error: { code: parityCase.refusal.code, message: legacyBody.error_description, field: parityCase.refusal.field },
        });
      } else {
        expect(legacy.status).toBe(200);
        expect(trpc.status).toBe(200);
        expect(batchItem.status).toBe(200);
        expect(csvRow.status).toMatch(/^(updated|unchanged)$/);
      }
      const stored = await storedCustomer(servers.legacy, headers.legacy);
      for (const door of ["trpc", "batch", "csv"] as const) {
        expect(await storedCustomer(servers[door], headers[door]), door).toEqual(stored);
      }
    });
  }
});
