import { customerColumnFields, customerFields } from "@cr/domain";
import { getTableColumns } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { customers } from "./schema";

/** The driver's type of a column, by the storage the field table declares. */
const dataTypeOfStorage = { text: "string", number: "number", boolean: "boolean" } as const;

describe("the customers table holds every field of the domain's field table", () => {
  const columns: Record<string, { dataType: string; columnType: string; length?: number } | undefined> =
    getTableColumns(customers);

  it.each(customerColumnFields)("$recordKey has a column of its type", ({ recordKey, storage }) => {
    const column = columns[recordKey];
    expect(column, `no column for ${recordKey}`).toBeDefined();
    expect(column!.dataType).toBe(dataTypeOfStorage[storage as keyof typeof dataTypeOfStorage]);
  });

  it.each(customerColumnFields.filter((field) => field.maxLength !== undefined))(
    "$recordKey's column holds its longest accepted text ($maxLength characters)",
    ({ recordKey, maxLength }) => {
      const column = columns[recordKey]!;
      // text has no limit; varchar and char have theirs
      if (column.columnType !== "PgText") expect(column.length).toBeGreaterThanOrEqual(maxLength!);
    },
  );

  it("stores the payment types in rows of their own, not in a column", () => {
    expect(customerFields.paymentTypes.storage).toBe("rows");
    expect(columns.paymentTypeIds).toBeUndefined();
  });
});
