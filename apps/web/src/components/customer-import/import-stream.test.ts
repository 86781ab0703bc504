import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

import { importResultCsv } from "./import-stream";

describe("importResultCsv", () => {
  it("writes a cell that a spreadsheet would run as a formula as text, as the export does", () => {
    const csv = importResultCsv([
      { row: 2, id: "=HYPERLINK(\"http://evil.test\",\"x\")", status: "refused", error: { code: "not_found", message: "@SUM(1)" } },
      { row: 3, id: "NC-7", status: "unchanged", customerId: 7, changes: [] },
    ]);

    expect(parse(csv)).toEqual([
      ["row", "id", "status", "message", "changes"],
      ["2", "'=HYPERLINK(\"http://evil.test\",\"x\")", "refused", "'@SUM(1)", ""],
      ["3", "NC-7", "unchanged", "", ""],
    ]);
  });
});
