import { describe, expect, it } from "vitest";

import { CustomerBulkPatch, customerBulkEditFields } from "./customer-bulk-patch";

describe("CustomerBulkPatch", () => {
  it("takes every field a bulk edit may set, with the patch's rules", () => {
    expect(
      CustomerBulkPatch.parse({
        onHold: true,
        onHoldReason: " Unpaid invoices ",
        categoryId: "jewelry",
        customerSegmentationId: 3,
        paymentTypes: [8, 7, 8],
        isActive: false,
        regionId: 2,
      }),
    ).toEqual({
      onHold: true,
      onHoldReason: "Unpaid invoices",
      categoryId: "jewelry",
      customerSegmentationId: 3,
      paymentTypes: [7, 8],
      isActive: false,
      regionId: 2,
    });
    expect(CustomerBulkPatch.parse({})).toEqual({});
  });

  it("names the fields it takes", () => {
    expect(Object.keys(CustomerBulkPatch.shape)).toEqual([...customerBulkEditFields]);
  });

  it("refuses a field outside the bulk edit rather than dropping it", () => {
    const result = CustomerBulkPatch.safeParse({ onHold: true, name: "All the same" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["name"] });
  });

  it("refuses a value as the patch refuses it, with the legacy text", () => {
    const result = CustomerBulkPatch.safeParse({ regionId: 0 });
    expect(result.error?.issues[0]?.message).toBe("The type of parameter regionId you provided is not valid for this request.");
  });
});
