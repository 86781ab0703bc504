import { describe, expect, it } from "vitest";

import {
  type CustomerFieldDefinition,
  customerFieldLabel,
  customerColumnFields,
  customerFieldNames,
  customerFields,
  customerFieldsEditedAs,
  customerRecordKeys,
  shippingFromBilling,
} from "./customer-fields";
import { CustomerFormPatch, formMessageOf } from "./customer-patch";
import { legacyCustomerJsonKeys } from "./legacy-json";
import { aCustomer } from "./test-factories";

const definitions = Object.entries(customerFields) as [string, CustomerFieldDefinition][];

describe("the field table", () => {
  it("names every writable field of the customer record once", () => {
    const { id: _id, organizationId: _organizationId, ...writable } = aCustomer();
    expect([...customerRecordKeys].sort()).toEqual(Object.keys(writable).sort());
    expect(new Set(customerRecordKeys).size).toBe(customerRecordKeys.length);
  });

  it("gives every field a label of its own", () => {
    const labels = definitions.map(([, field]) => field.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("places every field the legacy output shows after a key of that output", () => {
    for (const [param, field] of definitions) {
      const after = field.legacy?.shownAfter;
      if (after === undefined) continue;
      expect(legacyCustomerJsonKeys.indexOf(param as never), param).toBe(legacyCustomerJsonKeys.indexOf(after as never) + 1);
    }
  });

  it("copies each shipping field from the billing field of the same kind", () => {
    expect(shippingFromBilling).toEqual([
      ["country", "billingCountry"],
      ["city", "billingCity"],
      ["postalCode", "billingPostalCode"],
      ["address", "billingAddress"],
      ["latitude", "billingLat"],
      ["longitude", "billingLng"],
    ]);
    const wireOf = (name: string) => (customerFields as Record<string, CustomerFieldDefinition>)[name]?.wire;
    for (const [shipping, billing] of shippingFromBilling) expect(wireOf(shipping)).toBe(wireOf(billing));
  });

  it("keeps the page's parameter order", () => {
    expect(customerFieldNames.slice(0, 4)).toEqual(["reference", "name", "reference2", "barcode"]);
    expect(customerFieldNames.indexOf("imageFile")).toBe(customerFieldNames.indexOf("currency") + 1);
    expect(customerFieldNames.at(-1)).toBe("onHoldReason");
  });

  it("tells the form how to edit each field", () => {
    expect(customerFieldsEditedAs("picker")).toEqual(["categoryId", "parentCustomerId", "customerSegmentationId", "regionId"]);
    expect(customerFieldsEditedAs("checkbox")).toEqual(["isActive", "isSubCustomer", "billWithParent", "isSameAddress", "onHold"]);
    expect(customerFieldsEditedAs("none")).toEqual(["userId", "imageFile"]);
  });

  it("labels the history's fields, the picture by what it stores", () => {
    expect(customerFieldLabel("billingLat")).toBe("Billing latitude");
    expect(customerFieldLabel("logo")).toBe("Logo");
    expect(customerFieldLabel("somethingElse")).toBe("somethingElse");
  });
});

describe("the form's wording of the patch rules", () => {
  const firstMessage = (input: unknown) => CustomerFormPatch.safeParse(input).error?.issues[0]?.message;

  it.each([
    [{ billingLat: 91 }, "Billing latitude must be between -90 and 90."],
    [{ longitude: -181 }, "Shipping longitude must be between -180 and 180."],
    [{ creditLimit: Number.NaN }, "Credit limit must be a number."],
    [{ creditLimit: -1 }, "Credit limit must be greater than or equal to 0."],
    [{ creditLimit: 1.234 }, "Credit limit must have at most 2 decimal places."],
    [{ name: "" }, "Name is required."],
    [{ name: "x".repeat(256) }, "Name must be at most 255 characters."],
    [{ email: "nobody" }, "Email must be an e-mail address such as name@example.com."],
    [{ website: "mailto:a@b.com" }, "Website must be an http or https address such as https://example.com."],
    [{ customerRiskColor: "red" }, "Risk colour must be a colour written #RGB or #RRGGBB."],
    [{ billingCountry: "Atlantis" }, "The country Atlantis is not known: Billing country takes an ISO 3166-1 code (FR) or the country's English or French name."],
    [{ dueDateConfigNumber: 400, dueDateConfigType: 1 }, "Payment term (days) must be a whole number of days from 0 to 365."],
    [{ dueDateConfigType: 1 }, "Payment term (days) is required."],
    [{ dueDateConfigNumber: 3, dueDateConfigType: 3 }, "Payment term counted from must be 1 (daysAfterInvoiceDate) or 2 (daysAfterEndOfInvoiceMonth)."],
    [{ currency: "euro" }, "Currency must be a 3-letter ISO 4217 code such as EUR."],
  ])("%j: %s", (input, message) => {
    expect(firstMessage(input)).toBe(message);
  });
});

describe("formMessageOf", () => {
  it("words the server's missing parameter and wrong type with the field's label", () => {
    expect(formMessageOf({ code: "missing_param", field: "parentCustomerId", message: "parentCustomerId parameter is missing" })).toBe(
      "Parent customer is required.",
    );
    expect(formMessageOf({ code: "invalid_param_type", field: "billingLat", message: "The type of parameter billingLat ..." })).toBe(
      "Billing latitude must be a number.",
    );
    expect(formMessageOf({ code: "invalid_param_type", field: "categoryId", message: "The type of parameter categoryId ..." })).toBe(
      "Category is not valid.",
    );
  });

  it("keeps any other refusal's text, and a refusal of no known field", () => {
    const currency = "The currency GBP is not configured for the organization (USD, EUR).";
    expect(formMessageOf({ code: "invalid_param", field: "currency", message: currency })).toBe(currency);
    expect(formMessageOf({ code: "not_unique", field: "reference", message: "reference already used" })).toBe("reference already used");
    expect(formMessageOf({ code: "missing_param", field: "id", message: "id parameter is missing" })).toBe("id parameter is missing");
    expect(formMessageOf({ code: null, field: null, message: "Oops" })).toBe("Oops");
  });
});

describe("customerColumnFields", () => {
  it("are every record key but the payment types, which have rows of their own, with their column's type", () => {
    expect(customerColumnFields.map((field) => field.recordKey)).toEqual(customerRecordKeys.filter((key) => key !== "paymentTypeIds"));
    expect(customerColumnFields.map((field) => field.storage)).not.toContain("rows");
    expect(customerColumnFields.find((field) => field.recordKey === "name")).toEqual({ recordKey: "name", storage: "text", maxLength: 255 });
    expect(customerColumnFields.find((field) => field.recordKey === "onHold")).toEqual({ recordKey: "onHold", storage: "boolean", maxLength: undefined });
  });
});
