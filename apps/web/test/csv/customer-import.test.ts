import { findUserForLogin, listCustomerHistory } from "@cr/db/repositories";
import { AppError, customerCsvColumns } from "@cr/domain";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createCustomerImportHandlers } from "~/server/imports/customer-import-handler";
import { applyCustomerImport } from "~/server/services/apply-customer-import";
import type { CustomerImportOutcome } from "~/server/services/customer-import-outcome";
import { previewCustomerImport } from "~/server/services/preview-customer-import";
import { countCustomerImportRows, readCustomerImport } from "~/server/services/read-customer-import";

import { createLegacyApiClient } from "../support/legacy-api-client";
import { createLegacyClient, sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let api: ReturnType<typeof createLegacyApiClient>;
let entity1: Record<string, string>;
let actor: Awaited<ReturnType<typeof findUserForLogin>> & {};

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 30 });
  api = createLegacyApiClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
  actor = (await findUserForLogin(server.deps.db, "admin@entity1.test"))!;
});

afterAll(async () => {
  await server?.close();
});

const csv = (rows: string[][]) => stringify(rows);

function rowsByIdOf(file: string): Map<string, Record<string, string>> {
  const records = parse(file, { columns: true, bom: true }) as Record<string, string>[];
  return new Map(records.map((record) => [record.id!, record]));
}

async function exportAll(): Promise<string> {
  const response = await api.get("/api/v2.1/customers.csv?bom=true", entity1);
  expect(response.status).toBe(200);
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
}

async function preview(file: string, chunkRows?: number, inBulk = true): Promise<CustomerImportOutcome[]> {
  const outcomes: CustomerImportOutcome[] = [];
  await previewCustomerImport({
    deps: server.deps,
    actor,
    rows: readCustomerImport([file]),
    chunkRows,
    inBulk,
    onOutcomes: (chunk) => outcomes.push(...chunk),
  });
  return outcomes;
}

async function apply(file: string, atomic: boolean, chunkRows?: number): Promise<CustomerImportOutcome[]> {
  const outcomes: CustomerImportOutcome[] = [];
  await applyCustomerImport({
    deps: server.deps,
    actor,
    rows: () => readCustomerImport([file]),
    atomic,
    chunkRows,
    onOutcomes: (chunk) => outcomes.push(...chunk),
  });
  return outcomes;
}

const historyCount = async (customerId: number) =>
  (await listCustomerHistory(server.deps.db, { organizationId: 1, customerId, limit: 1000 })).length;

/** Texts a spreadsheet would run as formulas, and texts that already start with the export's quote. */
const formulaLikeTexts: Record<string, Record<string, string>> = {
  "264": { name: '=HYPERLINK("http://evil.test/","Open")', comment: "@SUM(1)", phone: "+1", mobile: "-2+3", billingLat: "-33.5" },
  "265": { reference: "=NC-265", reference2: "'=already quoted", email: "'+1@example.test", comment: "'just a quote", fax: "-" },
};

async function writeFormulaLikeTexts(): Promise<void> {
  const legacy = createLegacyClient(server.deps);
  for (const [id, fields] of Object.entries(formulaLikeTexts)) {
    const answer = await legacy.call({ customer: { id }, method: "POST", headers: entity1, body: new URLSearchParams(fields) });
    expect(answer.status, id).toBe(200);
  }
}

describe("CSV import", () => {
  it("reads back an exported file as changing nothing, in preview and applied all or nothing", async () => {
    await writeFormulaLikeTexts();
    const file = await exportAll();
    const exported = rowsByIdOf(file);
    expect(exported.get("264")).toMatchObject({
      name: `'=HYPERLINK("http://evil.test/","Open")`,
      comment: "'@SUM(1)",
      phone: "'+1",
      mobile: "'-2+3",
      billingLat: "-33.5",
    });
    expect(exported.get("265")).toMatchObject({
      reference: "'=NC-265",
      reference2: "''=already quoted",
      email: "''+1@example.test",
      comment: "'just a quote",
      fax: "'-",
    });
    const before = await exportAll();
    const historyBefore = await historyCount(256);

    const previewed = await preview(file, 7);
    expect(previewed).toHaveLength(31);
    expect(previewed.filter((outcome) => outcome.status !== "unchanged")).toEqual([]);

    const applied = await apply(file, true);
    expect(applied.map((outcome) => outcome.status)).toEqual(Array(31).fill("unchanged"));
    expect(await exportAll()).toBe(before);
    expect(await historyCount(256)).toBe(historyBefore);
  });

  it("reads a cell the export quoted, the id's too, without its quote, and any other cell as written", async () => {
    await writeFormulaLikeTexts();
    const outcomes = await preview(
      csv([
        ["id", "comment", "phone", "fax"],
        ["'=NC-265", "'=1+1", "'+33 1 00 00 00 01", "'-"],
        ["264", "''@twice", "'plain", "-33.5"],
      ]),
    );
    const newValuesOf = (outcome: CustomerImportOutcome) =>
      "changes" in outcome ? Object.fromEntries(outcome.changes.map((change) => [change.field, change.newValue])) : outcome;
    expect(outcomes.map((outcome) => [outcome.id, newValuesOf(outcome)])).toEqual([
      // the fax was "-" already: no change
      ["'=NC-265", { comment: "=1+1", phone: "+33 1 00 00 00 01" }],
      ["264", { comment: "'@twice", phone: "'plain", fax: "-33.5" }],
    ]);
  });

  it("previews in bulk exactly what the per-row way of one update answers, row for row", async () => {
    const [header, ...rows] = parse(await exportAll(), { bom: true }) as string[][];
    const at = (name: string) => header!.indexOf(name);
    const variations: [string, string][] = [
      ["creditLimit", "1234.5"],
      ["creditLimit", "-3"],
      ["categoryId", "jewelry"],
      ["categoryId", "no-such-category"],
      ["categoryId", ""],
      ["customerSegmentationId", "seg_a"],
      ["customerSegmentationId", "404"],
      ["userId", "emp-002"],
      ["userId", "nobody"],
      ["paymentTypes", '[{"id":7}]'],
      ["paymentTypes", '[{"id":999}]'],
      ["regionId", "2"],
      ["currency", "EUR"],
      ["currency", "JPY"],
      ["isSameAddress", "false"],
      ["billWithParent", "true"],
      ["isSubCustomer", "true"],
      ["email", "bad"],
      ["onHold", "true"],
      ["billingCountry", "France"],
    ];
    const edited = rows.map((row, index) => {
      const copy = [...row];
      const [param, value] = variations[index % variations.length]!;
      copy[at(param)] = value;
      return copy;
    });
    edited.push(["nobody-here", ...edited[0]!.slice(1)], ["999999", ...edited[0]!.slice(1)]);
    const file = csv([header!, ...edited]);
    const inBulk = await preview(file, 500, true);
    expect(inBulk.some((outcome) => outcome.status === "updated")).toBe(true);
    expect(inBulk.some((outcome) => outcome.status === "refused")).toBe(true);
    // without sub-customers (their parent sends a chunk the per-row way), in bulk: compared with the per-row way
    const withoutParents = csv([header!, ...edited.filter((row) => row[at("parentCustomerId")] === "")]);
    expect(await preview(withoutParents, 500, true)).toEqual(await preview(withoutParents, 500, false));
    expect(inBulk).toEqual(await preview(file, 500, false));
  });

  it("previews each row's changes, field label, old and new values, and writes nothing", async () => {
    const before = await exportAll();
    const file = csv([
      ["id", "creditLimit", "onHold", "onHoldReason", "billingCity"],
      ["256", "7500", "true", "Unpaid invoices", "Cannes"],
      ["NC-3", "7500", "", "", ""],
    ]);
    const outcomes = await preview(file);
    expect(outcomes[0]).toEqual({
      row: 1,
      id: "256",
      status: "updated",
      customerId: 256,
      changes: [
        { field: "billingCity", label: "Billing city", oldValue: "Nice", newValue: "Cannes" },
        { field: "city", label: "Shipping city", oldValue: "Nice", newValue: "Cannes" },
        { field: "creditLimit", label: "Credit limit", oldValue: "5000", newValue: "7500" },
        { field: "onHold", label: "On hold", oldValue: "false", newValue: "true" },
        { field: "onHoldReason", label: "Reason for hold", oldValue: null, newValue: "Unpaid invoices" },
      ],
    });
    // an empty boolean cell is refused as the form refuses an empty boolean
    expect(outcomes[1]).toMatchObject({
      row: 2,
      id: "NC-3",
      status: "refused",
      error: { code: "invalid_param_type", field: "onHold", message: "The type of parameter onHold you provided is not valid for this request." },
    });
    expect(await exportAll()).toBe(before);
  });

  it("names each row's customer by a customerReference column instead, a reference even when it is all digits", async () => {
    // an ERP's customer number as the reference
    const legacy = createLegacyClient(server.deps);
    const answer = await legacy.call({ customer: { id: "270" }, method: "POST", headers: entity1, body: new URLSearchParams({ reference: "10025" }) });
    expect(answer.status).toBe(200);
    const before = await exportAll();
    const byReference = csv([
      ["customerReference", "comment"],
      [" 10025 ", "named by its reference"],
      ["NC-3", "any reference"],
      ["", "named by nothing"],
      ["270", "an id is no reference"],
    ]);
    const expected = [
      { row: 1, id: " 10025 ", status: "updated", customerId: 270 },
      { row: 2, id: "NC-3", status: "updated", customerId: 256 },
      { row: 3, id: "", status: "refused", error: { code: "missing_param", message: "customerReference parameter is missing" } },
      { row: 4, id: "270", status: "refused", error: { code: "not_found", message: "The customer with the reference 270 doesn't exist." } },
    ];
    const previewed = await preview(byReference);
    expect(previewed).toMatchObject(expected);
    expect(previewed[0]).toMatchObject({ changes: [{ field: "comment", newValue: "named by its reference" }] });
    // in bulk or the per-row way alike
    expect(await preview(byReference, 500, false)).toEqual(previewed);
    expect(await exportAll()).toBe(before);
    // the same cell in an id column is an internal id
    expect(await preview(csv([["id", "comment"], ["10025", "x"]]))).toMatchObject([
      { status: "refused", error: { code: "not_found", message: "The customer with the id 10025 doesn't exist." } },
    ]);

    expect(await apply(byReference, false)).toMatchObject(expected);
    expect(rowsByIdOf(await exportAll()).get("270")).toMatchObject({ reference: "10025", comment: "named by its reference" });
    // customerReference finds the customer, reference changes its reference
    const renamed = await apply(csv([["customerReference", "reference"], ["10025", "10026"]]), true);
    expect(renamed).toMatchObject([{ status: "updated", customerId: 270, changes: [{ field: "reference", oldValue: "10025", newValue: "10026" }] }]);
    expect(rowsByIdOf(await exportAll()).get("270")).toMatchObject({ reference: "10026" });
  });

  it("applies nothing all or nothing when one row is refused, and says which", async () => {
    const before = await exportAll();
    const historyBefore = await historyCount(257);
    const file = csv([
      ["id", "comment", "currency"],
      ["257", "imported comment", ""],
      ["258", "", "JPY"],
      ["nobody-here", "x", ""],
    ]);
    const expected = [
      ["notApplied", "Not applied: another item of this atomic batch was refused, so none was written."],
      ["refused", "The currency JPY is not configured for the organization (USD, EUR)."],
      ["refused", "The customer with the reference nobody-here doesn't exist."],
    ];
    const describe = (outcomes: CustomerImportOutcome[]) =>
      outcomes.map((outcome) => [outcome.status, "error" in outcome ? outcome.error.message : null]);
    expect(describe(await apply(file, true))).toEqual(expected);
    expect(await exportAll()).toBe(before);
    expect(await historyCount(257)).toBe(historyBefore);
    // a chunk per row: the accepted chunk before the refusals, and the one after, are not written either
    const fileThenAccepted = `${file}257,accepted after the refusals,\n`;
    expect(describe(await apply(fileThenAccepted, true, 1))).toEqual([...expected, expected[0]]);
    expect(await exportAll()).toBe(before);
    expect(await historyCount(257)).toBe(historyBefore);
  });

  it("writes only the accepted rows row by row, with channel import in the history", async () => {
    const line260 = async () => (await exportAll()).split("\n").find((line) => line.startsWith("260,"));
    const before260 = await line260();
    const file = csv([
      ["id", "comment", "billWithParent"],
      ["259", "row by row", "false"],
      ["260", "refused with its row", "true"],
      ["261", "also written", "false"],
    ]);
    const outcomes = await apply(file, false, 2);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["updated", "refused", "updated"]);
    expect(outcomes[1]).toMatchObject({
      error: { code: "invalid_param", message: "billWithParent can only be true for a sub-customer (isSubCustomer=true)." },
    });
    expect(await line260()).toBe(before260);
    const after = rowsByIdOf(await exportAll());
    expect([after.get("259")?.comment, after.get("261")?.comment]).toEqual(["row by row", "also written"]);
    const history = await listCustomerHistory(server.deps.db, { organizationId: 1, customerId: 259, limit: 5 });
    expect(history[0]).toMatchObject({ field: "comment", newValue: "row by row", channel: "import" });
  });

  it("refuses each value with the very words the legacy API answers for it", async () => {
    const legacy = createLegacyClient(server.deps);
    const cases: [string, string][] = [
      ["billingLat", "91"],
      ["billingLat", "north"],
      ["creditLimit", "-1"],
      ["creditLimit", "12.345"],
      ["email", "not-an-email"],
      ["dueDateConfigType", "3"],
      ["paymentTypes", "[{\"id\":999}]"],
      ["paymentTypes", "seven"],
      ["categoryId", "no-such-category"],
      ["parentCustomerId", "256"],
      ["isActive", "maybe"],
      ["name", ""],
      ["customerRiskColor", "red"],
      ["currency", "JPY"],
      ["billingCountry", "Atlantis"],
    ];
    for (const [param, value] of cases) {
      const answer = await legacy.call({ customer: { id: "256" }, method: "POST", headers: entity1, body: new URLSearchParams({ [param]: value }) });
      expect(answer.status, `${param}=${value}`).toBeGreaterThanOrEqual(400);
      const legacyError = (await answer.json()) as { error: string; error_description: string };
      const [outcome] = await preview(csv([["id", param], ["256", value]]));
      expect(outcome, `${param}=${value}`).toMatchObject({
        status: "refused",
        error: { code: legacyError.error, message: legacyError.error_description },
      });
    }
  });

  it("refuses a file whose first row is not a header of parameters, or with too many rows, before any row", async () => {
    const refusalOf = async (file: string, maxRows?: number) => {
      const rows = readCustomerImport([file], { maxRows });
      const error = await (async () => {
        for await (const _row of rows) {
          // read through
        }
      })().catch((caught: unknown) => caught);
      return error instanceof AppError ? { code: error.code, field: error.field, message: error.message } : error;
    };
    expect(await refusalOf("reference,name\nNC-3,x\n")).toEqual({
      code: "invalid_param",
      field: "file",
      message:
        "The file's first row must name its columns, one of them id (the customer's id or reference) or customerReference (its reference, even all digits).",
    });
    expect(await refusalOf("id,customerReference,name\n256,NC-3,x\n")).toEqual({
      code: "invalid_param",
      field: "file",
      message: "The file's first row has both id and customerReference: name each row's customer by one of them only.",
    });
    expect(await refusalOf("id,credtLimit\n256,1\n")).toMatchObject({
      message: "The column credtLimit is not a parameter of the customer update (the export's first row lists them).",
    });
    expect(await refusalOf("id,name\n256,\"unclosed\n")).toMatchObject({ message: expect.stringMatching(/^The file cannot be read as CSV: /) });
    expect(await refusalOf("id,name\n256,a,extra\n")).toMatchObject({ message: expect.stringMatching(/^The file cannot be read as CSV: /) });
    expect(await refusalOf("id\n1\n2\n3\n", 2)).toMatchObject({
      message: "The file has more than 2 customer rows: split it into files of at most 2 rows.",
    });
    await expect(countCustomerImportRows(["id\n1\n2\n3\n"], { maxRows: 2 })).rejects.toThrow("more than 2 customer rows");
    expect(await countCustomerImportRows(["id\n1\n2\n"], { maxRows: 2 })).toBe(2);
    expect(customerCsvColumns).toContain("creditLimit");
  });

  describe("POST /api/customer-import", () => {
    const post = (mode: string, body: string, headers: Record<string, string> = { ...entity1, "content-type": "text/csv" }) =>
      createCustomerImportHandlers(() => Promise.resolve(server.deps), { maxBytes: 10_000 }).POST(
        new Request(`http://records.test/api/customer-import?mode=${mode}`, { method: "POST", headers, body }),
      );
    const linesOf = async (response: Response) =>
      (await response.text())
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { type: string; outcomes?: CustomerImportOutcome[] });

    it("streams the preview's progress and each row's outcome, one JSON object per line", async () => {
      const before = await exportAll();
      const response = await post("preview", csv([["id", "creditLimit"], ["256", "9000"], ["257", "-5"]]));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
      const lines = await linesOf(response);
      expect(lines.map((line) => line.type)).toEqual(["start", "outcomes", "progress", "done"]);
      expect(lines[0]).toEqual({ type: "start", rows: 2 });
      expect(lines[1]!.outcomes!.map((outcome) => outcome.status)).toEqual(["updated", "refused"]);
      expect(await exportAll()).toBe(before);
    });

    it("applies all or nothing, or row by row, as asked", async () => {
      const file = csv([["id", "phone"], ["262", "+33 1 00 00 00 01"], ["263", "\u0000"]]);
      const atomic = await linesOf(await post("atomic", file));
      expect(atomic.flatMap((line) => line.outcomes ?? []).map((outcome) => outcome.status)).toEqual(["notApplied", "refused"]);
      // the export quotes a text that starts with +
      expect(rowsByIdOf(await exportAll()).get("262")?.phone).not.toBe("'+33 1 00 00 00 01");
      const rows = await linesOf(await post("rows", file));
      expect(rows.flatMap((line) => line.outcomes ?? []).map((outcome) => outcome.status)).toEqual(["updated", "refused"]);
      expect(rowsByIdOf(await exportAll()).get("262")?.phone).toBe("'+33 1 00 00 00 01");
    });

    it("refuses before anything starts: no credentials, a body that is not CSV, a wrong header, too large a file", async () => {
      const file = csv([["id", "phone"], ["262", "1"]]);
      const refusal = async (response: Response) => [response.status, await response.json()];
      expect(await refusal(await post("preview", file, { "content-type": "text/csv" }))).toEqual([
        401,
        { error: "unauthorized", error_description: "Full authentication is required to access this resource" },
      ]);
      expect((await post("preview", file, { ...entity1, "content-type": "text/plain" })).status).toBe(400);
      expect(await refusal(await post("apply", file))).toEqual([400, { error: "invalid_param", error_description: "mode must be one of preview, rows, atomic." }]);
      expect(await refusal(await post("rows", "reference\nNC-3\n"))).toEqual([
        400,
        {
          error: "invalid_param",
          error_description:
            "The file's first row must name its columns, one of them id (the customer's id or reference) or customerReference (its reference, even all digits).",
        },
      ]);
      expect(await refusal(await post("preview", "id,customerReference,comment\n256,NC-3,x\n"))).toEqual([
        400,
        { error: "invalid_param", error_description: "The file's first row has both id and customerReference: name each row's customer by one of them only." },
      ]);
      expect((await post("rows", `id,comment\n256,${"x".repeat(10_001)}\n`)).status).toBe(413);
    });
  });
});
