import { describe, expect, it } from "vitest";

import type { CustomerRecord } from "./customer";
import {
  assertCustomerCsvHeader,
  customerCsvColumns,
  customerCsvTexts,
  escapeFormulaCell,
  toCustomerCsvRow,
  toPlainDecimal,
  unescapeFormulaCell,
} from "./customer-csv";
import { decodeLegacyCustomerForm } from "./legacy-form";
import { aCustomer, describeRefusal } from "./test-factories";

describe("customer CSV columns", () => {
  it("are id, then every parameter of the page but the picture, in the page's order", () => {
    expect(customerCsvColumns[0]).toBe("id");
    expect(customerCsvColumns).not.toContain("imageFile");
    expect(customerCsvColumns).toContain("paymentTypes");
    expect(customerCsvColumns).toHaveLength(43);
    // the export names each customer by id; customerReference is for files made elsewhere
    expect(customerCsvColumns).not.toContain("customerReference");
  });

  it("says which column names the customer: id, or customerReference instead", () => {
    expect(assertCustomerCsvHeader(["creditLimit", "id"])).toBe("id");
    expect(assertCustomerCsvHeader(["customerReference", "reference", "comment"])).toBe("customerReference");
  });

  it("refuses a header with both id and customerReference, whose rows would name two customers", () => {
    expect(describeRefusal(() => assertCustomerCsvHeader(["id", "customerReference", "comment"]))).toEqual({
      code: "invalid_param",
      status: 400,
      message: "The file's first row has both id and customerReference: name each row's customer by one of them only.",
      field: "file",
    });
  });

  it("refuses a header without id, with a column twice, or with a column the contract does not know", () => {
    expect(() => assertCustomerCsvHeader(["reference", "name"])).toThrow(/must name its columns, one of them id .* or customerReference/);
    expect(() => assertCustomerCsvHeader(["id", "name", "name"])).toThrow("The column name appears twice");
    expect(() => assertCustomerCsvHeader(["id", "credtLimit"])).toThrow("The column credtLimit is not a parameter");
    expect(() => assertCustomerCsvHeader(["id", "imageFile"])).toThrow("The column imageFile is not a parameter");
    expect(() => assertCustomerCsvHeader(["creditLimit", "id"])).not.toThrow();
  });

  it("refuses a header as an invalid file parameter, with the text the import shows", () => {
    expect(describeRefusal(() => assertCustomerCsvHeader(["name"]))).toEqual({
      code: "invalid_param",
      status: 400,
      message: customerCsvTexts.missingCustomerColumn,
      field: "file",
    });
    expect(describeRefusal(() => assertCustomerCsvHeader(["id", "id"]))).toEqual({
      code: "invalid_param",
      status: 400,
      message: "The column id appears twice in the file's first row.",
      field: "file",
    });
    expect(describeRefusal(() => assertCustomerCsvHeader(["id", "balance"]))).toEqual({
      code: "invalid_param",
      status: 400,
      message: "The column balance is not a parameter of the customer update (the export's first row lists them).",
      field: "file",
    });
  });
});

describe("toCustomerCsvRow", () => {
  it("writes each value as the form takes it, in the order of the columns", () => {
    const row = toCustomerCsvRow(aCustomer({ billingLat: -1.234e-7, onHold: true, comment: "a,b", dueDateConfigType: 2 }));
    expect(Object.fromEntries(customerCsvColumns.map((column, i) => [column, row[i]]))).toEqual({
      id: "256",
      reference: "NC-3",
      name: "Marie's Jewelry",
      reference2: "",
      barcode: "",
      isActive: "true",
      categoryId: "2",
      isSubCustomer: "false",
      parentCustomerId: "",
      billWithParent: "false",
      customerSegmentationId: "1",
      userId: "2",
      isSameAddress: "false",
      billingCountry: "FR",
      billingCity: "Nice",
      billingPostalCode: "",
      billingAddress: "",
      billingLat: "-0.0000001234",
      billingLng: "",
      country: "",
      city: "",
      postalCode: "",
      address: "",
      latitude: "",
      longitude: "",
      email: "",
      phone: "",
      mobile: "",
      fax: "",
      comment: "a,b",
      website: "",
      creditLimit: "5000",
      dueDateConfigNumber: "7",
      dueDateConfigType: "2",
      taxNumber: "",
      companyRegistrationNumber: "",
      currency: "USD",
      paymentTypes: '[{"id":7},{"id":8}]',
      regionId: "2",
      customerRisk: "",
      customerRiskColor: "",
      onHold: "true",
      onHoldReason: "",
    });
    expect(row).toHaveLength(customerCsvColumns.length);
  });

  it("writes no payment types as [], and a value the record does not carry as an empty cell", () => {
    const customer = { ...aCustomer({ paymentTypeIds: [] }), barcode: undefined } as unknown as CustomerRecord;
    const row = toCustomerCsvRow(customer);
    expect(row[customerCsvColumns.indexOf("paymentTypes")]).toBe("[]");
    expect(row[customerCsvColumns.indexOf("barcode")]).toBe("");
  });

  it("imports back through the form to the same values", () => {
    const row = toCustomerCsvRow(aCustomer({ billingLat: 1e-7, isActive: false }));
    const entries = customerCsvColumns.map((column, i): [string, string] => [column, row[i] ?? ""]).slice(1);
    const { patch } = decodeLegacyCustomerForm(entries.filter(([column]) => ["billingLat", "isActive", "creditLimit", "paymentTypes"].includes(column)));
    expect(patch).toMatchObject({ billingLat: 1e-7, isActive: false, creditLimit: 5000 });
  });
});

describe("escapeFormulaCell", () => {
  it("puts a quote before a text that starts with a formula character", () => {
    const texts = ['=HYPERLINK("http://evil.test","Open")', "@SUM(1)", "+1", "-2+3", "-", "\tx", "\r=1", "\uFF1D1+1", "\uFF0B1", "\uFF0D1", "\uFF20SUM(1)"];
    expect(texts.map(escapeFormulaCell)).toEqual(texts.map((text) => `'${text}`));
  });

  it("leaves alone a number as the export writes it, and every other text", () => {
    const cells = ["-33.5", "-0.0000001234", "-12", "5000", "0", "", "Marie's Jewelry", "'quoted", "a=b", " =1", '[{"id":7}]', "true", "1e5"];
    expect(cells.map(escapeFormulaCell)).toEqual(cells);
    // the export never writes a number with a plus sign: a text
    expect(escapeFormulaCell("+33.5")).toBe("'+33.5");
  });

  it("puts one more quote before quotes that lead to a formula character, a number's too", () => {
    expect(["'=1", "''@x", "'-33.5"].map(escapeFormulaCell)).toEqual(["''=1", "'''@x", "''-33.5"]);
  });

  it("writes a row's formula-like texts with a quote, and its negative numbers as they are", () => {
    const row = toCustomerCsvRow(aCustomer({ name: "=1+1", comment: "@SUM(1)", phone: "+1", billingLat: -33.5, billingLng: -1.234e-7 }));
    const cellOf = (column: string) => row[customerCsvColumns.indexOf(column)];
    expect(["name", "comment", "phone", "billingLat", "billingLng"].map(cellOf)).toEqual(["'=1+1", "'@SUM(1)", "'+1", "-33.5", "-0.0000001234"]);
  });
});

describe("unescapeFormulaCell", () => {
  it("takes off the one quote the export put before a formula character", () => {
    const written = ["'=1", "'@SUM(1)", "'+1", "'-2+3", "'\tx", "'\r", "'\uFF1D1", "''=1", "'''@x", "''-33.5"];
    expect(written.map(unescapeFormulaCell)).toEqual(written.map((cell) => cell.slice(1)));
  });

  it("reads every other cell as written: no quote, a quote before anything else, a formula made by hand", () => {
    const cells = ["", "'", "''", "'quoted", "''plain", "-33.5", "=1+1", "@x", " '=1", "Marie's"];
    expect(cells.map(unescapeFormulaCell)).toEqual(cells);
  });

  it("gives back every value the export wrote", () => {
    const values = ["=1", "'=1", "''=1", "-33.5", "'-33.5", "-2+3", "+1", "'quoted", "'", "", "a", "\r", "@", "'@", "\uFF20x"];
    expect(values.map((value) => unescapeFormulaCell(escapeFormulaCell(value)))).toEqual(values);
  });
});

describe("toPlainDecimal", () => {
  it("writes every double as a dot decimal the form reads back to the same number", () => {
    for (const value of [0, 5000, -43.7, 1e-7, -1.234e-7, 0.000001, 1e21, 1.5e22, 123.45, 9999999999999.99, 5e-324]) {
      const text = toPlainDecimal(value);
      expect(text, String(value)).toMatch(/^-?\d+(?:\.\d+)?$/);
      expect(Number(text)).toBe(value);
    }
    expect(toPlainDecimal(1e-7)).toBe("0.0000001");
    expect(toPlainDecimal(-1.234e-7)).toBe("-0.0000001234");
    expect(toPlainDecimal(1.5e22)).toBe("15000000000000000000000");
  });

  it("is what the legacy form takes for a coordinate", () => {
    const { patch } = decodeLegacyCustomerForm([["billingLat", toPlainDecimal(-1.234e-7)]]);
    expect(patch.billingLat).toBe(-1.234e-7);
  });
});
