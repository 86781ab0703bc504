import { describeRefusal } from "@cr/domain/testing";
import { describe, expect, it } from "vitest";

import { customerLookupFromId, customerLookupFromNaming, customerLookupFromPath } from "./customer-lookup";

describe("customerLookupFromPath", () => {
  it("reads an id segment of up to 9 digits, and answers a longer one as an unknown customer", () => {
    expect(customerLookupFromPath({ id: "256" })).toEqual({ id: 256 });
    expect(describeRefusal(() => customerLookupFromPath({ id: "1234567890" }))).toMatchObject({ code: "not_found", status: 404 });
    expect(describeRefusal(() => customerLookupFromPath({ id: "12a" }))).toMatchObject({ code: "not_found" });
  });

  it("refuses a reference segment that no text column can hold as a wrong type of reference", () => {
    expect(customerLookupFromPath({ reference: "NC-3" })).toEqual({ reference: "NC-3" });
    expect(describeRefusal(() => customerLookupFromPath({ reference: "NC\u00003" }))).toMatchObject({
      code: "invalid_param_type",
      field: "reference",
    });
  });
});

describe("customerLookupFromId (a batch item's or an import row's id)", () => {
  it("reads digits as the internal id and anything else as the reference", () => {
    expect(customerLookupFromId("256")).toEqual({ id: 256 });
    expect(customerLookupFromId("NC-3")).toEqual({ reference: "NC-3" });
    expect(customerLookupFromId("0256x")).toEqual({ reference: "0256x" });
  });

  it("trims the id first, as the form trims its strings and its body's id (SPEC: strings are trimmed)", () => {
    expect(customerLookupFromId(" 256 ")).toEqual({ id: 256 });
    expect(customerLookupFromId("\tNC-3 ")).toEqual({ reference: "NC-3" });
  });

  it("answers too many digits as an unknown customer, and an unstorable reference as a wrong type of id", () => {
    expect(describeRefusal(() => customerLookupFromId("1234567890"))).toMatchObject({ code: "not_found", status: 404 });
    expect(describeRefusal(() => customerLookupFromId("NC\u00003"))).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: "The type of parameter id you provided is not valid for this request.",
      field: "id",
    });
  });
});

describe("customerLookupFromNaming (a batch item's or an import row's id or customerReference)", () => {
  it("reads an id as customerLookupFromId does", () => {
    expect(customerLookupFromNaming({ id: "256" })).toEqual({ id: 256 });
    expect(customerLookupFromNaming({ id: " NC-3 " })).toEqual({ reference: "NC-3" });
  });

  it("reads a customerReference as a reference, trimmed, even when it is all digits or longer than an id", () => {
    expect(customerLookupFromNaming({ customerReference: " 10025 " })).toEqual({ reference: "10025" });
    expect(customerLookupFromNaming({ customerReference: "1234567890" })).toEqual({ reference: "1234567890" });
    expect(customerLookupFromNaming({ customerReference: "NC-3" })).toEqual({ reference: "NC-3" });
  });

  it("refuses a customerReference no text column can hold as a wrong type of customerReference", () => {
    expect(describeRefusal(() => customerLookupFromNaming({ customerReference: "NC\u00003" }))).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: "The type of parameter customerReference you provided is not valid for this request.",
      field: "customerReference",
    });
  });
});
