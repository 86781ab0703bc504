import { describe, expect, it } from "vitest";

import { batchItemCustomerReference, batchItemFormFields, customerBatchMaxItems } from "./legacy-batch";
import { decodeLegacyCustomerForm } from "./legacy-form";
import { describeRefusal } from "./test-factories";

describe("customerBatchMaxItems", () => {
  it("is 500 items a request", () => {
    expect(customerBatchMaxItems).toBe(500);
  });
});

describe("batchItemFormFields", () => {
  it("writes each JSON value as the form's text, in the item's order", () => {
    expect(
      batchItemFormFields({
        name: "Marie's Jewelry",
        creditLimit: 5000.5,
        billingLat: -1.5,
        isActive: false,
        onHold: true,
        categoryId: 0,
        reference: "",
        billingCity: null,
        paymentTypes: [{ id: 7 }, { id: 8 }],
      }),
    ).toEqual([
      ["name", "Marie's Jewelry"],
      ["creditLimit", "5000.5"],
      ["billingLat", "-1.5"],
      ["isActive", "false"],
      ["onHold", "true"],
      ["categoryId", "0"],
      ["reference", ""],
      ["billingCity", ""],
      ["paymentTypes", '[{"id":7},{"id":8}]'],
    ]);
  });

  it("keeps a text as typed, even one that reads as JSON", () => {
    expect(batchItemFormFields({ name: " null ", reference: "true", billingCity: '"Nice"' })).toEqual([
      ["name", " null "],
      ["reference", "true"],
      ["billingCity", '"Nice"'],
    ]);
  });

  it("writes an empty list and an object as their JSON", () => {
    expect(batchItemFormFields({ paymentTypes: [], other: { id: 1 } })).toEqual([
      ["paymentTypes", "[]"],
      ["other", '{"id":1}'],
    ]);
  });

  it("writes a number JSON cannot hold as its text, which the form refuses, never as null, which would clear", () => {
    const fields = batchItemFormFields({ creditLimit: Number.NaN, billingLat: Number.POSITIVE_INFINITY });
    expect(fields).toEqual([
      ["creditLimit", "NaN"],
      ["billingLat", "Infinity"],
    ]);
    expect(describeRefusal(() => decodeLegacyCustomerForm(fields.slice(0, 1)))).toMatchObject({
      code: "invalid_param_type",
      field: "creditLimit",
    });
  });

  it("leaves out customerReference: it names the customer, it is no parameter of the update", () => {
    const fields = batchItemFormFields({ customerReference: "10025", reference: "10026", name: "x" });
    expect(fields).toEqual([
      ["reference", "10026"],
      ["name", "x"],
    ]);
    expect(decodeLegacyCustomerForm(fields).ignoredParameters).toEqual([]);
  });

  it("is nothing for an empty item", () => {
    expect(batchItemFormFields({})).toEqual([]);
  });

  it("is decoded as the same form POST would be: null clears, a boolean and a number are read", () => {
    const { patch } = decodeLegacyCustomerForm(
      batchItemFormFields({ billingCity: null, isActive: false, creditLimit: 12.25, paymentTypes: [{ id: 7 }] }),
    );
    expect(patch).toMatchObject({ billingCity: null, isActive: false, creditLimit: 12.25 });
  });
});

describe("batchItemCustomerReference", () => {
  it("is the item's customerReference as written: a text, or a number as its text", () => {
    expect(batchItemCustomerReference({ customerReference: " 10025 ", id: 1 })).toBe(" 10025 ");
    expect(batchItemCustomerReference({ customerReference: 10025 })).toBe("10025");
  });

  it("is nothing when the item has none, or null", () => {
    expect(batchItemCustomerReference({ id: 257 })).toBeUndefined();
    expect(batchItemCustomerReference({ customerReference: null })).toBeUndefined();
  });

  it("refuses a value no reference is written as: a boolean, a list, an object", () => {
    for (const customerReference of [true, ["10025"], { id: 1 }]) {
      expect(describeRefusal(() => batchItemCustomerReference({ customerReference }))).toMatchObject({
        code: "invalid_param_type",
        field: "customerReference",
      });
    }
  });
});
