import type { CustomerView } from "@cr/domain";
import { aCustomerView as pageExampleCustomerView } from "@cr/domain/testing";
import { describe, expect, it } from "vitest";

import { changedPatchInput, customerFormSchema, type CustomerFormValues, toFormValues } from "./customer-form-values";

/** Customer 256 of the demo data, as `customer.byId` answers it. */
function aCustomerView(overrides: Partial<CustomerView> = {}): CustomerView {
  return pageExampleCustomerView({
    isSameAddress: false,
    billWithParent: false,
    country: "FR",
    city: "Nice",
    logo: null,
    ...overrides,
  });
}

const baseline = toFormValues(aCustomerView());
const edited = (changes: Partial<CustomerFormValues>): CustomerFormValues => ({ ...baseline, ...changes });

describe("toFormValues", () => {
  it("shows empty fields as empty text and numbers as typed text", () => {
    expect(baseline).toMatchObject({ reference2: "", billingLat: "", creditLimit: "5000", dueDateConfigType: "1" });
  });

  it("keeps the names of the referenced objects for the pickers", () => {
    expect(baseline.categoryId).toEqual({ id: 2, label: "Jewelry and accessories", detail: "jewelry" });
    expect(baseline.regionId).toEqual({ id: 2, label: "California", detail: undefined });
    expect(baseline.parentCustomerId).toBeNull();
  });
});

describe("changedPatchInput", () => {
  it("is empty when nothing changed", () => {
    expect(changedPatchInput(edited({}), baseline)).toEqual({});
  });

  it("holds only the changed fields, in the contract's types", () => {
    expect(
      changedPatchInput(
        edited({ creditLimit: "7350.50", billingLat: "", email: "shop@example.com", onHold: true, paymentTypes: [8, 9] }),
        baseline,
      ),
    ).toEqual({ creditLimit: 7350.5, email: "shop@example.com", onHold: true, paymentTypes: [8, 9] });
  });

  it("sends a cleared picker as null and a picked one as its id", () => {
    expect(
      changedPatchInput(edited({ customerSegmentationId: null, parentCustomerId: { id: 260, label: "Louis's Bakery Lyon" } }), baseline),
    ).toEqual({ customerSegmentationId: null, parentCustomerId: 260 });
  });

  it("does not count reordered payment types as a change", () => {
    expect(changedPatchInput(edited({ paymentTypes: [8, 7] }), baseline)).toEqual({});
  });

  it("sends the payment term's days and kind together", () => {
    expect(changedPatchInput(edited({ dueDateConfigType: "2" }), baseline)).toEqual({ dueDateConfigNumber: 7, dueDateConfigType: 2 });
  });

  it("leaves the shipping address to the server when it is the billing address", () => {
    expect(changedPatchInput(edited({ isSameAddress: true, city: "Lyon", billingCity: "Paris" }), baseline)).toEqual({
      isSameAddress: true,
      billingCity: "Paris",
    });
  });
});

describe("customerFormSchema", () => {
  const check = (changes: Partial<CustomerFormValues>) => customerFormSchema(baseline).safeParse(edited(changes));

  it("answers the server's patch for valid changes", () => {
    expect(check({ creditLimit: "6000", customerRiskColor: "#a1b" }).data).toEqual({ creditLimit: 6000, customerRiskColor: "#A1B" });
  });

  it("refuses a latitude out of bounds with the server's rule, worded with the label, on that field", () => {
    expect(check({ billingLat: "123" }).error?.issues).toMatchObject([
      { path: ["billingLat"], message: "Billing latitude must be between -90 and 90." },
    ]);
  });

  it("refuses text that is not a number, naming the field by its label", () => {
    expect(check({ creditLimit: "5,000" }).error?.issues).toMatchObject([
      { path: ["creditLimit"], message: "Credit limit must be a number." },
    ]);
  });

  it("does not hold a stored value against a save of another field", () => {
    const legacy = toFormValues(aCustomerView({ email: "not an e-mail" }));
    expect(customerFormSchema(legacy).safeParse({ ...legacy, phone: "+33 4 93 00 00 00" }).success).toBe(true);
  });
});
