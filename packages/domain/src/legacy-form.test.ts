import { describe, expect, it } from "vitest";

import { decodeLegacyCustomerForm } from "./legacy-form";
import { describeRefusal, plainFieldsCleared, plainFieldValues } from "./test-factories";

const typeText = (param: string) => `The type of parameter ${param} you provided is not valid for this request.`;
const paymentTypeIdText = "The type of parameter payment type id you provided is not valid for this request.";

function decode(fields: Record<string, string> | [string, string][]) {
  return decodeLegacyCustomerForm(Array.isArray(fields) ? fields : Object.entries(fields));
}
function patchOf(fields: Record<string, string> | [string, string][]) {
  return decode(fields).patch;
}
function refusal(fields: Record<string, string> | [string, string][]) {
  return describeRefusal(() => decode(fields));
}

describe("decodeLegacyCustomerForm: parameters", () => {
  it("decodes the page's parameters into one typed patch", () => {
    expect(
      patchOf({
        reference: "NC-3",
        name: "Marie's Jewelry",
        isActive: "true",
        categoryId: "2",
        customerSegmentationId: "seg_a",
        billingCountry: "France",
        billingLat: "43.7",
        creditLimit: "5000",
        dueDateConfigNumber: "7",
        dueDateConfigType: "1",
        currency: "USD",
        paymentTypes: '[{"id"=7},{"id"=8}]',
        regionId: "2",
        customerRiskColor: "#1be9d8",
      }),
    ).toEqual({
      reference: "NC-3",
      name: "Marie's Jewelry",
      isActive: true,
      categoryId: 2,
      customerSegmentationId: "seg_a",
      billingCountry: "FR",
      billingLat: 43.7,
      creditLimit: 5000,
      dueDateConfigNumber: 7,
      dueDateConfigType: 1,
      currency: "USD",
      paymentTypes: [7, 8],
      regionId: 2,
      customerRiskColor: "#1BE9D8",
    });
  });

  it("leaves absent parameters out of the patch", () => {
    expect(patchOf({})).toEqual({});
    expect(patchOf({ city: "Nice" })).toEqual({ city: "Nice" });
  });

  it("ignores unknown and read-only parameters", () => {
    expect(
      patchOf({
        name: "Marie",
        balance: "100",
        organization: "entity2",
        dateCreated: "2020-01-01",
        logo: "evil.png",
        imageFile: "x",
        lastUpdated: "x",
        contacts: "[]",
        __proto__: "x",
        constructor: "x",
      }),
    ).toEqual({ name: "Marie" });
  });

  it("returns the body's id for the route to compare with the path, and keeps it out of the patch", () => {
    expect(decode({ id: " 256 ", name: "Marie" })).toEqual({ patch: { name: "Marie" }, bodyId: "256", ignoredParameters: [] });
    expect(decode({ id: "NC-3" }).bodyId).toBe("NC-3");
    expect(decode({ name: "Marie" }).bodyId).toBeUndefined();
    expect(decode({ id: "" }).bodyId).toBeUndefined();
    expect(decode({ id: "  " }).bodyId).toBeUndefined();
  });

  it.each<[string, [string, string][]]>([
    ["name", [["name", "a"], ["name", "b"]]],
    ["isActive", [["isActive", "true"], ["isActive", "true"]]],
    ["paymentTypes", [["paymentTypes", "[]"], ["paymentTypes", "[]"]]],
    ["id", [["id", "256"], ["id", "256"]]],
  ])("refuses the same parameter twice: %s", (param, fields) => {
    expect(refusal(fields)).toEqual({ code: "invalid_param_type", status: 400, message: typeText(param), field: param });
  });

  it("does not mind an ignored parameter given twice", () => {
    expect(patchOf([["balance", "1"], ["balance", "2"]])).toEqual({});
  });

  it("lists the parameters it ignored, once each, in body order, so that a typo can be reported", () => {
    expect(
      decode([["credtLimit", "5"], ["name", "Marie"], ["balance", "1"], ["credtLimit", "6"], ["id", "256"]]).ignoredParameters,
    ).toEqual(["credtLimit", "balance"]);
    expect(decode({ creditLimit: "5" }).ignoredParameters).toEqual([]);
  });

  it("reports the first refusal in the page's order, whatever the order of the fields", () => {
    expect(refusal([["billingLat", "abc"], ["isActive", "maybe"]])).toMatchObject({ field: "isActive" });
  });
});

describe("decodeLegacyCustomerForm: empty strings", () => {
  it("clear nullable fields", () => {
    expect(
      patchOf({ reference2: "", email: "", billingCountry: "", billingLat: "", creditLimit: "", dueDateConfigNumber: "",
        dueDateConfigType: "", currency: "", regionId: "", parentCustomerId: "", categoryId: " " }),
    ).toEqual({
      reference2: null, email: null, billingCountry: null, billingLat: null, creditLimit: null, dueDateConfigNumber: null,
      dueDateConfigType: null, currency: null, regionId: null, parentCustomerId: null, categoryId: null,
    });
  });

  it.each(["name", "reference"])("%s: empty is a missing parameter", (param) => {
    expect(refusal({ [param]: "" })).toEqual({
      code: "missing_param",
      status: 400,
      message: `${param} parameter is missing`,
      field: param,
    });
  });

  it.each(["isActive", "isSubCustomer", "billWithParent", "isSameAddress", "onHold"])(
    "%s: empty is a wrong type (a boolean cannot be cleared)",
    (param) => {
      expect(refusal({ [param]: "" })).toEqual({ code: "invalid_param_type", status: 400, message: typeText(param), field: param });
    },
  );

  it("paymentTypes: empty clears the set, like []", () => {
    expect(patchOf({ paymentTypes: "" })).toEqual({ paymentTypes: [] });
    expect(patchOf({ paymentTypes: "[]" })).toEqual({ paymentTypes: [] });
  });
});

describe("decodeLegacyCustomerForm: Boolean", () => {
  it.each([
    ["true", true],
    ["TRUE", true],
    ["True", true],
    ["1", true],
    ["false", false],
    ["FaLsE", false],
    ["0", false],
    [" true ", true],
  ])("reads %j as %s", (value, expected) => {
    expect(patchOf({ onHold: value })).toEqual({ onHold: expected });
  });

  it.each(["yes", "on", "2", "t", "truee"])("refuses %j as a wrong type", (value) => {
    expect(refusal({ isActive: value })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: typeText("isActive"),
      field: "isActive",
    });
  });
});

describe("decodeLegacyCustomerForm: Integer and Long", () => {
  it("reads decimal digits", () => {
    expect(patchOf({ dueDateConfigNumber: "30", regionId: " 2 " })).toEqual({ dueDateConfigNumber: 30, regionId: 2 });
  });

  it.each([
    ["dueDateConfigNumber", "7.0"],
    ["dueDateConfigNumber", "-1"],
    ["dueDateConfigNumber", "seven"],
    ["dueDateConfigNumber", "1e2"],
    ["regionId", "California"],
    ["regionId", "+2"],
    ["regionId", "0x2"],
  ])("%s: refuses %j as a wrong type", (param, value) => {
    expect(refusal({ [param]: value })).toEqual({ code: "invalid_param_type", status: 400, message: typeText(param), field: param });
  });

  it("refuses an id no row can have (beyond PostgreSQL's integer) as a wrong type", () => {
    expect(refusal({ regionId: "99999999999" })).toMatchObject({ code: "invalid_param_type", field: "regionId" });
  });

  it("dueDateConfigNumber beyond 365 is an invalid value", () => {
    expect(refusal({ dueDateConfigNumber: "366" })).toMatchObject({ code: "invalid_param", field: "dueDateConfigNumber" });
  });
});

describe("decodeLegacyCustomerForm: Double", () => {
  it.each([
    ["-12.5", -12.5],
    ["12", 12],
    ["12.0", 12],
    [" 43.7 ", 43.7],
  ])("reads %j as %d", (value, expected) => {
    expect(patchOf({ longitude: value })).toEqual({ longitude: expected });
  });

  it("reads 5000 and 5000.0 alike", () => {
    expect(patchOf({ creditLimit: "5000" })).toEqual({ creditLimit: 5000 });
    expect(patchOf({ creditLimit: "5000.0" })).toEqual({ creditLimit: 5000 });
  });

  it.each(["1,5", "abc", "1e3", ".5", "5.", "+5", "--1", "NaN", "Infinity", "0x10"])("refuses %j as a wrong type", (value) => {
    expect(refusal({ billingLng: value })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: typeText("billingLng"),
      field: "billingLng",
    });
  });

  it("then applies the value rules: range and decimals", () => {
    expect(refusal({ billingLat: "-90.5" })).toEqual({
      code: "invalid_param",
      status: 400,
      message: "billingLat must be between -90 and 90.",
      field: "billingLat",
    });
    expect(refusal({ creditLimit: "-1" })).toMatchObject({ code: "invalid_param", field: "creditLimit" });
    expect(refusal({ creditLimit: "10.123" })).toEqual({
      code: "invalid_param",
      status: 400,
      message: "creditLimit must have at most 2 decimal places.",
      field: "creditLimit",
    });
    expect(patchOf({ creditLimit: "10.100" })).toEqual({ creditLimit: 10.1 });
  });
});

describe("decodeLegacyCustomerForm: creditLimit is stored exactly or refused", () => {
  const digitsText = "creditLimit must have at most 15 significant digits: a longer amount cannot be stored exactly.";

  it.each([
    ["1234567890123.45", 1234567890123.45],
    ["9999999999999.99", 9999999999999.99],
    ["123456789012345", 123456789012345],
    ["0000123.40", 123.4],
    ["5000000000000000", 5e15],
  ])("keeps %j as %d", (value, expected) => {
    expect(patchOf({ creditLimit: value })).toEqual({ creditLimit: expected });
  });

  it.each([
    // a double holds 1234567890123456.8: the probe saw 1234567890123456.80 stored
    ["1234567890123456.78", digitsText],
    ["1234567890123456", digitsText],
    ["12345678901234.56", digitsText],
    // reads back as 0.3 and 5000: the digits the client sent would be lost without a word
    ["0.30000000000000001", "creditLimit must have at most 2 decimal places."],
    ["5000.0000000000000001", "creditLimit must have at most 2 decimal places."],
  ])("refuses %j rather than store another amount", (value, message) => {
    expect(refusal({ creditLimit: value })).toEqual({ code: "invalid_param", status: 400, message, field: "creditLimit" });
  });
});

describe("decodeLegacyCustomerForm: a NUL character (U+0000)", () => {
  it.each(["comment", "name", "billingCountry", "categoryId", "currency"])("is a wrong type in %s", (param) => {
    expect(refusal({ [param]: "a\u0000b" })).toEqual({ code: "invalid_param_type", status: 400, message: typeText(param), field: param });
  });
});

describe("decodeLegacyCustomerForm: Long/String references", () => {
  it.each(["categoryId", "parentCustomerId", "customerSegmentationId", "userId"])(
    "%s: digits are an internal id, anything else the trimmed reference",
    (param) => {
      expect(patchOf({ [param]: "188911" })).toEqual({ [param]: 188911 });
      expect(patchOf({ [param]: " emp-002 " })).toEqual({ [param]: "emp-002" });
      expect(patchOf({ [param]: "-5" })).toEqual({ [param]: "-5" });
    },
  );
});

describe("decodeLegacyCustomerForm: dueDateConfigType", () => {
  it.each([
    ["1", 1],
    ["2", 2],
    ["daysAfterInvoiceDate", 1],
    ["daysAfterEndOfInvoiceMonth", 2],
    ["DAYSAFTERINVOICEDATE", 1],
  ])("reads %j as %i (the output names are accepted too)", (value, expected) => {
    expect(patchOf({ dueDateConfigType: value, dueDateConfigNumber: "7" })).toEqual({
      dueDateConfigType: expected,
      dueDateConfigNumber: 7,
    });
  });

  it.each(["3", "0", "weekly", "1.0"])("refuses %j as an invalid value: the page types it String", (value) => {
    expect(refusal({ dueDateConfigType: value, dueDateConfigNumber: "7" })).toEqual({
      code: "invalid_param",
      status: 400,
      message: "dueDateConfigType must be 1 (daysAfterInvoiceDate) or 2 (daysAfterEndOfInvoiceMonth).",
      field: "dueDateConfigType",
    });
  });

  it("given without dueDateConfigNumber in the same request is a missing parameter", () => {
    expect(refusal({ dueDateConfigType: "daysAfterInvoiceDate" })).toEqual({
      code: "missing_param",
      status: 400,
      message: "dueDateConfigNumber parameter is missing",
      field: "dueDateConfigNumber",
    });
  });
});

describe("decodeLegacyCustomerForm: paymentTypes", () => {
  it.each([
    ['[{"id"=7},{"id"=8}]', [7, 8]],
    ['[{"id":7},{"id":8}]', [7, 8]],
    [' [ { "id" = 8 } , { "id" = 7 } ] ', [7, 8]],
    ['[{"id":"7"}]', [7]],
    ['[{"id":7,"name":"cash"}]', [7]],
    ['[{"id"=7},{"id"=7}]', [7]],
    ["[]", []],
  ])("accepts %j", (value, ids) => {
    expect(patchOf({ paymentTypes: value })).toEqual({ paymentTypes: ids });
  });

  it.each([
    '[{"id":"abc"}]',
    '[{"x":1}]',
    '[{"id":null}]',
    "[7,8]",
    "7,8",
    '{"id":7}',
    "garbage",
    '[{"id"=7}',
    '[{"id":-7}]',
    '[{"id":7.5}]',
    '[{"id":0}]',
    "[[7]]",
  ])("refuses %j with the page's words", (value) => {
    expect(refusal({ paymentTypes: value })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: paymentTypeIdText,
      field: "paymentTypes",
    });
  });
});

describe("decodeLegacyCustomerForm: shared value rules", () => {
  it("applies the schema's rules to strings: countries, e-mail, lengths", () => {
    expect(patchOf({ country: "États-Unis", billingCountry: "allemagne" })).toEqual({ country: "US", billingCountry: "DE" });
    expect(refusal({ billingCountry: "Narnia" })).toEqual({
      code: "invalid_param",
      status: 400,
      message:
        "The country Narnia is not known: billingCountry takes an ISO 3166-1 code (FR) or the country's English or French name.",
      field: "billingCountry",
    });
    expect(refusal({ email: "marie" })).toMatchObject({ code: "invalid_param", field: "email" });
    expect(refusal({ name: "x".repeat(256) })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: typeText("name"),
      field: "name",
    });
  });
});

describe("decodeLegacyCustomerForm: every parameter at once", () => {
  // Each parameter of the page's table as a client sends it (text), through its wire type and the schema.
  const everyParameter = {
    reference: " NC-4 ",
    name: "Marie's Jewelry",
    reference2: "R-2",
    barcode: "3760001000010",
    isActive: "false",
    categoryId: "3",
    isSubCustomer: "TRUE",
    parentCustomerId: "NC-1",
    billWithParent: "1",
    customerSegmentationId: "seg_b",
    userId: " 9 ",
    isSameAddress: "0",
    ...plainFieldValues,
    billingCountry: "France",
    billingLat: "43.7",
    billingLng: " 7.25 ",
    country: "germany",
    latitude: "-52.52",
    longitude: "-13.4",
    creditLimit: "7500.50",
    dueDateConfigNumber: "30",
    dueDateConfigType: "daysAfterEndOfInvoiceMonth",
    currency: "eur",
    paymentTypes: '[{"id"=8},{"id"="7"}]',
    regionId: " 4 ",
    customerRisk: "low",
    customerRiskColor: "#abc",
    onHold: "true",
    onHoldReason: "Unpaid invoice",
  };

  it("decodes each one with its wire type into the patch", () => {
    expect(decode({ id: "256", ...everyParameter })).toEqual({
      bodyId: "256",
      ignoredParameters: [],
      patch: {
        reference: "NC-4",
        name: "Marie's Jewelry",
        reference2: "R-2",
        barcode: "3760001000010",
        isActive: false,
        categoryId: 3,
        isSubCustomer: true,
        parentCustomerId: "NC-1",
        billWithParent: true,
        customerSegmentationId: "seg_b",
        userId: 9,
        isSameAddress: false,
        ...plainFieldValues,
        latitude: -52.52,
        longitude: -13.4,
        paymentTypes: [7, 8],
        regionId: 4,
        customerRisk: "low",
        customerRiskColor: "#ABC",
        onHold: true,
        onHoldReason: "Unpaid invoice",
      },
    });
  });

  it("keeps the patch's keys in the order of the page's table, whatever the body's order", () => {
    const reversed = Object.entries(everyParameter).reverse();
    expect(Object.keys(decode(reversed).patch)).toEqual(Object.keys(everyParameter));
  });

  it("clears every nullable parameter with an empty value", () => {
    const cleared = Object.fromEntries(
      Object.keys(everyParameter)
        .filter((param) => !["reference", "name", "isActive", "isSubCustomer", "billWithParent", "isSameAddress", "onHold"].includes(param))
        .map((param) => [param, ""]),
    );
    expect(patchOf(cleared)).toEqual({
      reference2: null,
      barcode: null,
      categoryId: null,
      parentCustomerId: null,
      customerSegmentationId: null,
      userId: null,
      ...plainFieldsCleared,
      paymentTypes: [],
      regionId: null,
      customerRisk: null,
      customerRiskColor: null,
      onHoldReason: null,
    });
  });

  // A wire type read as another (a Double as a String, a String as a Boolean) shows in the refusal of a wrong text.
  it.each([
    ["isActive", "maybe"],
    ["isSubCustomer", "maybe"],
    ["billWithParent", "maybe"],
    ["isSameAddress", "maybe"],
    ["onHold", "maybe"],
    ["billingLat", "north"],
    ["billingLng", "east"],
    ["latitude", "north"],
    ["longitude", "east"],
    ["creditLimit", "lots"],
    ["dueDateConfigNumber", "thirty"],
    ["regionId", "Provence"],
  ])("%s: %j is a wrong type, named by the parameter", (param, value) => {
    expect(refusal({ [param]: value })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: `The type of parameter ${param} you provided is not valid for this request.`,
      field: param,
    });
  });

  it.each([
    "reference2", "barcode", "billingCity", "billingPostalCode", "billingAddress", "city", "postalCode", "address",
    "phone", "mobile", "fax", "comment", "taxNumber", "companyRegistrationNumber", "customerRisk", "onHoldReason",
  ])("%s is text, kept as sent (digits, true, a decimal)", (param) => {
    expect(patchOf({ [param]: "1" })).toEqual({ [param]: "1" });
    expect(patchOf({ [param]: "true" })).toEqual({ [param]: "true" });
    expect(patchOf({ [param]: "43.70" })).toEqual({ [param]: "43.70" });
  });
});

describe("decodeLegacyCustomerForm: wire types before value rules", () => {
  it("reads every wire type before the schema applies a value rule: a wrong type later in the page wins", () => {
    // dueDateConfigType 3 is a value the schema refuses; regionId comes after it in the page's table
    expect(refusal({ dueDateConfigType: "3", dueDateConfigNumber: "7", regionId: "abc" })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: typeText("regionId"),
      field: "regionId",
    });
  });

  it("a text dueDateConfigType is refused at once, in the page's order", () => {
    expect(refusal({ dueDateConfigType: "weekly", dueDateConfigNumber: "7", regionId: "abc" })).toMatchObject({
      code: "invalid_param",
      field: "dueDateConfigType",
    });
  });

  it("a Double keeps every digit a double holds: only creditLimit is checked as money", () => {
    expect(patchOf({ billingLat: "43.1234567890123456789" })).toEqual({ billingLat: Number("43.1234567890123456789") });
  });

  it("a negative amount with 15 digits is refused as negative, not as too many digits", () => {
    expect(refusal({ creditLimit: "-123456789012345" })).toEqual({
      code: "invalid_param",
      status: 400,
      message: "creditLimit must be greater than or equal to 0.",
      field: "creditLimit",
    });
  });
});

describe("decodeLegacyCustomerForm: paymentTypes, the page's structure", () => {
  it("reads the ids whatever the quoted texts around them hold: an escaped quote, an =", () => {
    expect(patchOf({ paymentTypes: String.raw`[{"name"="5\" ring","id"=7},{"id"=8,"name"="x=y"}]` })).toEqual({ paymentTypes: [7, 8] });
  });

  it("reads an id written as digits with blanks around them", () => {
    expect(patchOf({ paymentTypes: '[{"id":" 7 "}]' })).toEqual({ paymentTypes: [7] });
  });

  it.each(["[null]", '["7"]', "[true]", '[{"id"=7}, null]'])("refuses an item that is not an object: %j", (value) => {
    expect(refusal({ paymentTypes: value })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: paymentTypeIdText,
      field: "paymentTypes",
    });
  });
});
