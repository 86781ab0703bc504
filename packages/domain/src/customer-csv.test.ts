import { describe, expect, it } from "vitest";

import { assertCustomerCsvHeader, customerCsvColumns, toPlainDecimal } from "./customer-csv";
import { decodeLegacyCustomerForm } from "./legacy-form";

describe("customer CSV columns", () => {
  it("are id, then every parameter of the page but the picture, in the page's order", () => {
    expect(customerCsvColumns[0]).toBe("id");
    expect(customerCsvColumns).not.toContain("imageFile");
    expect(customerCsvColumns).toContain("paymentTypes");
    expect(customerCsvColumns).toHaveLength(43);
  });

  it("refuses a header without id, with a column twice, or with a column the contract does not know", () => {
    expect(() => assertCustomerCsvHeader(["reference", "name"])).toThrow(/must name its columns, one of them id/);
    expect(() => assertCustomerCsvHeader(["id", "name", "name"])).toThrow("The column name appears twice");
    expect(() => assertCustomerCsvHeader(["id", "credtLimit"])).toThrow("The column credtLimit is not a parameter");
    expect(() => assertCustomerCsvHeader(["id", "imageFile"])).toThrow("The column imageFile is not a parameter");
    expect(() => assertCustomerCsvHeader(["creditLimit", "id"])).not.toThrow();
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
