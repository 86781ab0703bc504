import { describe, expect, it } from "vitest";

import { z } from "zod";

import {
  CustomerPatch,
  appErrorFromIssue,
  appErrorFromZodError,
  creditLimitTextRefusal,
  customerPatchFieldNames,
  errorCodeOfIssue,
  parseCustomerPatch,
  storableString,
} from "./customer-patch";
import { describeRefusal, plainFieldValues } from "./test-factories";

const typeText = (param: string) => `The type of parameter ${param} you provided is not valid for this request.`;

function refusal(input: unknown) {
  return describeRefusal(() => parseCustomerPatch(input));
}

describe("CustomerPatch keys", () => {
  it("are the contract's parameter names, in the order of the page's table", () => {
    expect(customerPatchFieldNames).toEqual([
      "reference", "name", "reference2", "barcode", "isActive", "categoryId", "isSubCustomer", "parentCustomerId",
      "billWithParent", "customerSegmentationId", "userId", "isSameAddress", "billingCountry", "billingCity",
      "billingPostalCode", "billingAddress", "billingLat", "billingLng", "country", "city", "postalCode", "address",
      "latitude", "longitude", "email", "phone", "mobile", "fax", "comment", "website", "creditLimit",
      "dueDateConfigNumber", "dueDateConfigType", "taxNumber", "companyRegistrationNumber", "currency",
      "paymentTypes", "regionId", "customerRisk", "customerRiskColor", "onHold", "onHoldReason",
    ]);
  });

  it("leaves an absent key absent: absent means unchanged", () => {
    expect(parseCustomerPatch({})).toEqual({});
    expect(parseCustomerPatch({ name: "Marie" })).toEqual({ name: "Marie" });
  });

  it("drops keys that are not parameters", () => {
    expect(parseCustomerPatch({ name: "Marie", balance: 10, logo: "x.png" })).toEqual({ name: "Marie" });
  });

  it("refuses what is not an object", () => {
    expect(refusal("name=Marie")).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: "The customer fields must be given as an object.",
      field: undefined,
    });
  });
});

describe("strings", () => {
  it("are trimmed", () => {
    expect(parseCustomerPatch({ name: "  Marie's Jewelry ", city: " Nice " })).toEqual({
      name: "Marie's Jewelry",
      city: "Nice",
    });
  });

  it.each(["reference2", "barcode", "billingCity", "billingPostalCode", "billingAddress", "city", "postalCode",
    "address", "email", "phone", "mobile", "fax", "comment", "website", "taxNumber", "companyRegistrationNumber",
    "customerRisk", "onHoldReason", "customerRiskColor", "billingCountry", "country", "currency"])(
    "%s: an empty string, or only blanks, clears the field (null)",
    (param) => {
      expect(parseCustomerPatch({ [param]: "  " })).toEqual({ [param]: null });
      expect(parseCustomerPatch({ [param]: null })).toEqual({ [param]: null });
    },
  );

  it.each(["name", "reference"])("%s: empty is a missing parameter, not a clear", (param) => {
    expect(refusal({ [param]: " " })).toEqual({
      code: "missing_param",
      status: 400,
      message: `${param} parameter is missing`,
      field: param,
    });
  });

  it.each([
    ["reference", 100],
    ["name", 255],
    ["reference2", 100],
    ["barcode", 100],
    ["billingCity", 255],
    ["billingPostalCode", 32],
    ["billingAddress", 1000],
    ["city", 255],
    ["postalCode", 32],
    ["address", 1000],
    ["phone", 64],
    ["mobile", 64],
    ["fax", 64],
    ["comment", 10_000],
    ["taxNumber", 64],
    ["companyRegistrationNumber", 64],
    ["customerRisk", 255],
    ["onHoldReason", 1000],
  ] as const)("%s: up to %i characters; longer is a wrong type for its column", (param, max) => {
    expect(parseCustomerPatch({ [param]: "x".repeat(max) })).toEqual({ [param]: "x".repeat(max) });
    expect(refusal({ [param]: "x".repeat(max + 1) })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: typeText(param),
      field: param,
    });
  });

  it("measures the length after trimming", () => {
    expect(parseCustomerPatch({ postalCode: ` ${"1".repeat(32)} ` })).toEqual({ postalCode: "1".repeat(32) });
  });

  it.each(["name", "email", "city"])("%s: a value that is not a string is a wrong type", (param) => {
    expect(refusal({ [param]: 12 })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: typeText(param),
      field: param,
    });
  });

  it("name and reference cannot be null", () => {
    expect(refusal({ name: null })).toMatchObject({ code: "invalid_param_type", field: "name" });
  });
});

describe("email", () => {
  it("accepts an e-mail address", () => {
    expect(parseCustomerPatch({ email: " marie@example.com " })).toEqual({ email: "marie@example.com" });
  });

  it.each(["marie", "marie@", "@example.com", "marie@example", "a b@example.com"])("refuses %j", (email) => {
    expect(refusal({ email })).toEqual({
      code: "invalid_param",
      status: 400,
      message: "email must be an e-mail address such as name@example.com.",
      field: "email",
    });
  });

  it("is at most 320 characters, else a wrong type", () => {
    expect(refusal({ email: `${"a".repeat(310)}@example.com` })).toMatchObject({ code: "invalid_param_type", field: "email" });
  });
});

describe("website", () => {
  it.each(["example.com", "www.example.com/shop?q=1", "http://example.com", "HTTPS://example.com:8443/x", "1.2.3.4"])(
    "accepts an http(s) address, scheme optional, kept as written: %s",
    (website) => {
      expect(parseCustomerPatch({ website })).toEqual({ website });
    },
  );

  it.each(["ftp://x", "ftp://example.com", "not a url", "mailto:marie@example.com", "javascript:alert(1)", "localhost", "http://"])(
    "refuses %j",
    (website) => {
      expect(refusal({ website })).toEqual({
        code: "invalid_param",
        status: 400,
        message: "website must be an http or https address such as https://example.com.",
        field: "website",
      });
    },
  );

  it("is at most 2048 characters, else a wrong type", () => {
    expect(refusal({ website: `example.com/${"a".repeat(2048)}` })).toMatchObject({
      code: "invalid_param_type",
      field: "website",
    });
  });
});

describe("customerRiskColor", () => {
  it.each([
    ["#fff", "#FFF"],
    ["#1be9d8", "#1BE9D8"],
    ["#FFFFFF", "#FFFFFF"],
  ])("accepts #RGB and #RRGGBB, returned upper-case: %s", (input, stored) => {
    expect(parseCustomerPatch({ customerRiskColor: input })).toEqual({ customerRiskColor: stored });
  });

  it.each(["red", "FFFFFF", "#FFFF", "#GGGGGG"])("refuses %j", (customerRiskColor) => {
    expect(refusal({ customerRiskColor })).toEqual({
      code: "invalid_param",
      status: 400,
      message: "customerRiskColor must be a colour written #RGB or #RRGGBB.",
      field: "customerRiskColor",
    });
  });

  it("longer than its 7-character column is a wrong type", () => {
    expect(refusal({ customerRiskColor: "#FFFFFFFF" })).toMatchObject({
      code: "invalid_param_type",
      field: "customerRiskColor",
    });
  });
});

describe("booleans", () => {
  it.each(["isActive", "isSubCustomer", "billWithParent", "isSameAddress", "onHold"])(
    "%s: true or false; anything else, null included, is a wrong type",
    (param) => {
      expect(parseCustomerPatch({ [param]: false })).toEqual({ [param]: false });
      expect(refusal({ [param]: "true" })).toEqual({
        code: "invalid_param_type",
        status: 400,
        message: typeText(param),
        field: param,
      });
      expect(refusal({ [param]: null })).toMatchObject({ code: "invalid_param_type", field: param });
    },
  );
});

describe("references (Long/String)", () => {
  it.each(["categoryId", "parentCustomerId", "customerSegmentationId", "userId"])(
    "%s: a positive id, digits as an id, otherwise the trimmed reference; empty or null clears",
    (param) => {
      expect(parseCustomerPatch({ [param]: 12 })).toEqual({ [param]: 12 });
      expect(parseCustomerPatch({ [param]: " 12 " })).toEqual({ [param]: 12 });
      expect(parseCustomerPatch({ [param]: " jewelry " })).toEqual({ [param]: "jewelry" });
      expect(parseCustomerPatch({ [param]: "" })).toEqual({ [param]: null });
      expect(parseCustomerPatch({ [param]: null })).toEqual({ [param]: null });
    },
  );

  it.each([0, -3, 1.5, 2_147_483_648, "2147483648", true, {}])(
    "refuses %j as a wrong type: not an id a row can have",
    (value) => {
      expect(refusal({ parentCustomerId: value })).toEqual({
        code: "invalid_param_type",
        status: 400,
        message: typeText("parentCustomerId"),
        field: "parentCustomerId",
      });
    },
  );

  it("regionId: a positive integer id or null", () => {
    expect(parseCustomerPatch({ regionId: 2 })).toEqual({ regionId: 2 });
    expect(parseCustomerPatch({ regionId: null })).toEqual({ regionId: null });
    for (const regionId of [0, 2.5, "2", "California"]) {
      expect(refusal({ regionId })).toEqual({
        code: "invalid_param_type",
        status: 400,
        message: typeText("regionId"),
        field: "regionId",
      });
    }
  });
});

describe("countries", () => {
  it.each(["billingCountry", "country"])("%s: a code or an English or French name, stored as the alpha-2 code", (param) => {
    expect(parseCustomerPatch({ [param]: "fr" })).toEqual({ [param]: "FR" });
    expect(parseCustomerPatch({ [param]: "Allemagne" })).toEqual({ [param]: "DE" });
    expect(parseCustomerPatch({ [param]: "United States" })).toEqual({ [param]: "US" });
  });

  it.each(["billingCountry", "country"])("%s: an unknown country is an invalid value naming the parameter", (param) => {
    expect(refusal({ [param]: " Narnia " })).toEqual({
      code: "invalid_param",
      status: 400,
      message: `The country Narnia is not known: ${param} takes an ISO 3166-1 code (FR) or the country's English or French name.`,
      field: param,
    });
  });

  it("a value longer than any country name is a wrong type", () => {
    expect(refusal({ country: "x".repeat(101) })).toMatchObject({ code: "invalid_param_type", field: "country" });
  });
});

describe("coordinates", () => {
  it.each([
    ["billingLat", 90],
    ["latitude", 90],
    ["billingLng", 180],
    ["longitude", 180],
  ] as const)("%s: within [-%i, %i]; outside is an invalid value", (param, limit) => {
    expect(parseCustomerPatch({ [param]: -limit })).toEqual({ [param]: -limit });
    expect(parseCustomerPatch({ [param]: limit })).toEqual({ [param]: limit });
    expect(parseCustomerPatch({ [param]: null })).toEqual({ [param]: null });
    for (const value of [limit + 0.000001, -limit - 1]) {
      expect(refusal({ [param]: value })).toEqual({
        code: "invalid_param",
        status: 400,
        message: `${param} must be between -${limit} and ${limit}.`,
        field: param,
      });
    }
  });

  it("a non-finite number is a wrong type", () => {
    expect(refusal({ latitude: Number.NaN })).toMatchObject({ code: "invalid_param_type", field: "latitude" });
    expect(refusal({ longitude: Number.POSITIVE_INFINITY })).toMatchObject({ code: "invalid_param_type", field: "longitude" });
  });
});

describe("a NUL character (U+0000)", () => {
  // PostgreSQL text cannot hold it: without this rule the update died in the database with a 500
  const textParams = [
    "reference", "name", "reference2", "barcode", "categoryId", "parentCustomerId", "customerSegmentationId", "userId",
    "billingCountry", "billingCity", "billingPostalCode", "billingAddress", "country", "city", "postalCode", "address",
    "email", "phone", "mobile", "fax", "comment", "website", "taxNumber", "companyRegistrationNumber", "currency",
    "customerRisk", "customerRiskColor", "onHoldReason",
  ];

  it("every parameter that takes a string is listed here", () => {
    const takesString = customerPatchFieldNames.filter((param) => CustomerPatch.shape[param].safeParse("x").error?.issues[0]?.code !== "invalid_type");
    expect([...takesString].sort()).toEqual([...textParams].sort());
  });

  it.each(textParams)("is a wrong type in %s, wherever it stands", (param) => {
    for (const value of ["a\u0000b", "\u0000", "ab\u0000"]) {
      expect(refusal({ [param]: value })).toEqual({ code: "invalid_param_type", status: 400, message: typeText(param), field: param });
    }
  });
});

describe("a string that is not valid Unicode (a lone UTF-16 surrogate)", () => {
  // JSON can carry "\ud800"; encoded for the database it became a 500, or a U+FFFD stored in its place
  it.each(["name", "comment", "categoryId", "reference", "email", "billingCountry", "currency"])("is a wrong type in %s", (param) => {
    for (const value of ["Caf\ud800", "\udfff", "a\udc00\ud800b"]) {
      expect(refusal({ [param]: value })).toEqual({ code: "invalid_param_type", status: 400, message: typeText(param), field: param });
    }
  });

  it("a surrogate pair (an emoji) is valid Unicode and kept", () => {
    expect(parseCustomerPatch({ comment: "Ships \ud83d\ude9a daily" })).toEqual({ comment: "Ships 🚚 daily" });
  });
});

describe("creditLimit", () => {
  it.each([0, 5000, 5000.5, 1234.56, 9_999_999_999_999.99, 123_456_789_012_345, 5e15])("accepts %d", (creditLimit) => {
    expect(parseCustomerPatch({ creditLimit })).toEqual({ creditLimit });
  });

  it("null clears it", () => {
    expect(parseCustomerPatch({ creditLimit: null })).toEqual({ creditLimit: null });
  });

  it.each([
    [-0.01, "creditLimit must be greater than or equal to 0."],
    [1e16, "creditLimit must be less than 10000000000000000."],
    [10.005, "creditLimit must have at most 2 decimal places."],
    [1e-7, "creditLimit must have at most 2 decimal places."],
    // what JSON.parse makes of 1234567890123456.78: storing it would store another amount than the client's
    [1234567890123456.8, "creditLimit must have at most 15 significant digits: a longer amount cannot be stored exactly."],
    [1_234_567_890_123_456, "creditLimit must have at most 15 significant digits: a longer amount cannot be stored exactly."],
    [12_345_678_901_234.56, "creditLimit must have at most 15 significant digits: a longer amount cannot be stored exactly."],
  ])("refuses %d rather than store something else: %s", (creditLimit, message) => {
    expect(refusal({ creditLimit })).toEqual({ code: "invalid_param", status: 400, message, field: "creditLimit" });
  });

  it("a string is a wrong type", () => {
    expect(refusal({ creditLimit: "5000" })).toMatchObject({ code: "invalid_param_type", field: "creditLimit" });
  });
});

describe("due date", () => {
  it("dueDateConfigNumber: an integer from 0 to 365", () => {
    expect(parseCustomerPatch({ dueDateConfigNumber: 0 })).toEqual({ dueDateConfigNumber: 0 });
    expect(parseCustomerPatch({ dueDateConfigNumber: 365 })).toEqual({ dueDateConfigNumber: 365 });
    for (const dueDateConfigNumber of [-1, 366]) {
      expect(refusal({ dueDateConfigNumber })).toEqual({
        code: "invalid_param",
        status: 400,
        message: "dueDateConfigNumber must be a whole number of days from 0 to 365.",
        field: "dueDateConfigNumber",
      });
    }
  });

  it("dueDateConfigNumber: a fraction is a wrong type (Integer)", () => {
    expect(refusal({ dueDateConfigNumber: 7.5 })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: typeText("dueDateConfigNumber"),
      field: "dueDateConfigNumber",
    });
  });

  it("dueDateConfigType: 1 or 2 with its number", () => {
    expect(parseCustomerPatch({ dueDateConfigType: 2, dueDateConfigNumber: 30 })).toEqual({
      dueDateConfigType: 2,
      dueDateConfigNumber: 30,
    });
  });

  it("dueDateConfigType: another number is an invalid value", () => {
    expect(refusal({ dueDateConfigType: 3, dueDateConfigNumber: 30 })).toEqual({
      code: "invalid_param",
      status: 400,
      message: "dueDateConfigType must be 1 (daysAfterInvoiceDate) or 2 (daysAfterEndOfInvoiceMonth).",
      field: "dueDateConfigType",
    });
  });

  it("dueDateConfigType given without dueDateConfigNumber in the same patch is a missing parameter", () => {
    for (const patch of [{ dueDateConfigType: 1 }, { dueDateConfigType: 1, dueDateConfigNumber: null }]) {
      expect(refusal(patch)).toEqual({
        code: "missing_param",
        status: 400,
        message: "dueDateConfigNumber parameter is missing",
        field: "dueDateConfigNumber",
      });
    }
  });

  it("clearing dueDateConfigType needs no number; a number alone is fine", () => {
    expect(parseCustomerPatch({ dueDateConfigType: null })).toEqual({ dueDateConfigType: null });
    expect(parseCustomerPatch({ dueDateConfigNumber: 10 })).toEqual({ dueDateConfigNumber: 10 });
  });
});

describe("currency", () => {
  it("a 3-letter code, upper-cased; null or empty means the organization's default", () => {
    expect(parseCustomerPatch({ currency: " eur " })).toEqual({ currency: "EUR" });
    expect(parseCustomerPatch({ currency: "" })).toEqual({ currency: null });
  });

  it.each(["EURO", "E1R", "€"])("refuses %j", (currency) => {
    expect(refusal({ currency })).toEqual({
      code: "invalid_param",
      status: 400,
      message: "currency must be a 3-letter ISO 4217 code such as EUR.",
      field: "currency",
    });
  });
});

describe("paymentTypes", () => {
  it("is the whole set: duplicates removed, sorted; [] clears it", () => {
    expect(parseCustomerPatch({ paymentTypes: [8, 7, 8] })).toEqual({ paymentTypes: [7, 8] });
    expect(parseCustomerPatch({ paymentTypes: [] })).toEqual({ paymentTypes: [] });
  });

  it.each([[["7"]], [[0]], [[1.5]], ["7,8"], [null]])(
    "refuses %j with the page's words for a payment type id",
    (paymentTypes) => {
      expect(refusal({ paymentTypes })).toEqual({
        code: "invalid_param_type",
        status: 400,
        message: "The type of parameter payment type id you provided is not valid for this request.",
        field: "paymentTypes",
      });
    },
  );
});

describe("the first refusal", () => {
  it("is reported, in the order of the page's table", () => {
    expect(refusal({ website: "ftp://x", name: "", billingLat: 100 })).toMatchObject({
      code: "missing_param",
      field: "name",
    });
  });
});

describe("errorCodeOfIssue", () => {
  it("classifies the kinds of refusal of the schema", () => {
    const issuesOf = (input: unknown) => CustomerPatch.safeParse(input).error?.issues ?? [];
    expect(issuesOf({ name: 1 }).map(errorCodeOfIssue)).toEqual(["invalid_param_type"]);
    expect(issuesOf({ name: "" }).map(errorCodeOfIssue)).toEqual(["missing_param"]);
    expect(issuesOf({ latitude: 100 }).map(errorCodeOfIssue)).toEqual(["invalid_param"]);
  });
});

describe("appErrorFromZodError", () => {
  it("turns the ZodError of a tRPC input into the AppError of its first issue", () => {
    const result = CustomerPatch.safeParse({ billingLng: 200, name: "" });
    expect(result.success).toBe(false);
    const error = appErrorFromZodError(result.error!);
    expect({ code: error.code, status: error.status, message: error.message, field: error.field }).toEqual({
      code: "missing_param",
      status: 400,
      message: "name parameter is missing",
      field: "name",
    });
  });
});

describe("every parameter at once", () => {
  it("applies each parameter's rule and keeps every value, in the order of the page's table", () => {
    const patch = parseCustomerPatch({
      reference: " NC-4 ",
      name: "Marie's Jewelry",
      reference2: "R-2",
      barcode: "3760001000010",
      isActive: false,
      categoryId: "jewelry",
      isSubCustomer: true,
      parentCustomerId: 12,
      billWithParent: true,
      customerSegmentationId: " 5 ",
      userId: "emp-009",
      isSameAddress: false,
      ...plainFieldValues,
      billingCountry: "fr",
      country: "Allemagne",
      latitude: -52.52,
      longitude: -13.4,
      website: "https://example.com/shop",
      currency: " eur ",
      paymentTypes: [8, 7, 8],
      regionId: 4,
      customerRisk: "low",
      customerRiskColor: "#1be9d8",
      onHold: true,
      onHoldReason: "Unpaid invoice",
    });
    expect(patch).toEqual({
      reference: "NC-4",
      name: "Marie's Jewelry",
      reference2: "R-2",
      barcode: "3760001000010",
      isActive: false,
      categoryId: "jewelry",
      isSubCustomer: true,
      parentCustomerId: 12,
      billWithParent: true,
      customerSegmentationId: 5,
      userId: "emp-009",
      isSameAddress: false,
      ...plainFieldValues,
      latitude: -52.52,
      longitude: -13.4,
      website: "https://example.com/shop",
      paymentTypes: [7, 8],
      regionId: 4,
      customerRisk: "low",
      customerRiskColor: "#1BE9D8",
      onHold: true,
      onHoldReason: "Unpaid invoice",
    });
    expect(Object.keys(patch)).toEqual(customerPatchFieldNames);
  });

  it("clears every nullable parameter with null", () => {
    const nullable = customerPatchFieldNames.filter(
      (param) => !["reference", "name", "isActive", "isSubCustomer", "billWithParent", "isSameAddress", "onHold", "paymentTypes"].includes(param),
    );
    expect(parseCustomerPatch(Object.fromEntries(nullable.map((param) => [param, null])))).toEqual(
      Object.fromEntries(nullable.map((param) => [param, null])),
    );
  });

  it.each(["reference", "name", "isActive", "isSubCustomer", "billWithParent", "isSameAddress", "onHold", "paymentTypes"])(
    "%s cannot be null: a wrong type",
    (param) => {
      expect(refusal({ [param]: null })).toEqual({
        code: "invalid_param_type",
        status: 400,
        message: param === "paymentTypes" ? typeText("payment type id") : typeText(param),
        field: param,
      });
    },
  );
});

describe("type errors name the parameter", () => {
  it.each([
    ["isActive", "yes"],
    ["onHold", 1],
    ["billingLat", "43.7"],
    ["longitude", true],
    ["creditLimit", "5000"],
    ["dueDateConfigNumber", "7"],
    ["dueDateConfigNumber", 7.5],
    ["dueDateConfigType", "1"],
    ["regionId", "2"],
    ["regionId", 0],
    ["categoryId", true],
    ["parentCustomerId", 0],
    ["userId", 2_147_483_648],
    ["customerSegmentationId", "a\u0000b"],
    ["comment", 12],
    ["currency", 978],
    ["billingCountry", 250],
  ])("%s: %j", (param, value) => {
    expect(refusal({ [param]: value, ...(param === "dueDateConfigType" ? { dueDateConfigNumber: 7 } : {}) })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: typeText(param),
      field: param,
    });
  });

  it("paymentTypes: the page names its items 'payment type id'", () => {
    for (const value of ["7", [0], [1.5], ["7"], [2_147_483_648]]) {
      expect(refusal({ paymentTypes: value })).toEqual({
        code: "invalid_param_type",
        status: 400,
        message: "The type of parameter payment type id you provided is not valid for this request.",
        field: "paymentTypes",
      });
    }
  });

  it("the largest id PostgreSQL's integer holds is an id; one more is a wrong type", () => {
    expect(parseCustomerPatch({ regionId: 2_147_483_647, userId: 2_147_483_647, paymentTypes: [2_147_483_647] })).toEqual({
      regionId: 2_147_483_647,
      userId: 2_147_483_647,
      paymentTypes: [2_147_483_647],
    });
    expect(parseCustomerPatch({ regionId: 1, userId: "1" })).toEqual({ regionId: 1, userId: 1 });
    expect(refusal({ userId: "2147483648" })).toMatchObject({ code: "invalid_param_type", field: "userId" });
  });

  it("storableString refuses a NUL character in the words of the parameter it names", () => {
    expect(storableString("name").safeParse("a\u0000b").error?.issues[0]?.message).toBe(typeText("name"));
    expect(storableString("name").safeParse(5).error?.issues[0]?.message).toBe(typeText("name"));
    expect(storableString("name").parse("Marie")).toBe("Marie");
  });
});

describe("length limits at the edge", () => {
  it.each([
    ["email", 320, (length: number) => `${"m".repeat(length - 12)}@example.com`],
    ["website", 2048, (length: number) => `example.com/${"a".repeat(length - 12)}`],
    ["customerRiskColor", 7, (length: number) => (length === 7 ? "#1BE9D8" : "#1BE9D8F")],
  ] as const)("%s: %i characters are accepted, one more is a wrong type", (param, max, valueOf) => {
    expect(parseCustomerPatch({ [param]: valueOf(max) })).toEqual({ [param]: valueOf(max) });
    expect(refusal({ [param]: valueOf(max + 1) })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: typeText(param),
      field: param,
    });
  });

  it("a country: 100 characters are an unknown country, 101 a wrong type", () => {
    expect(refusal({ country: "x".repeat(100) })).toMatchObject({ code: "invalid_param", field: "country" });
    expect(refusal({ country: "x".repeat(101) })).toEqual({
      code: "invalid_param_type",
      status: 400,
      message: typeText("country"),
      field: "country",
    });
  });
});

describe("website credentials", () => {
  it.each(["https://marie@example.com", "https://:secret@example.com", "https://marie:secret@example.com"])(
    "refuses an address carrying a user or a password: %s",
    (website) => {
      expect(refusal({ website })).toEqual({
        code: "invalid_param",
        status: 400,
        message: "website must be an http or https address such as https://example.com.",
        field: "website",
      });
    },
  );

  it.each(["example", "https://example..com", "https://.example.com", "example.com."])("refuses a host without a dot-separated name: %s", (website) => {
    expect(refusal({ website })).toMatchObject({ code: "invalid_param", field: "website" });
  });

  it("accepts an https address with a port and a path", () => {
    expect(parseCustomerPatch({ website: "https://shop.example.com:8443/a" })).toEqual({ website: "https://shop.example.com:8443/a" });
  });
});

describe("appErrorFromIssue", () => {
  const Input = z.object({ id: z.number(), patch: CustomerPatch });
  const errorOf = (input: unknown) => {
    const error = appErrorFromZodError(Input.safeParse(input).error!);
    return { code: error.code, message: error.message, field: error.field };
  };

  it("names the patch field of a refusal nested in a larger input (tRPC's { id, patch })", () => {
    expect(errorOf({ id: 256, patch: { billingLat: 100 } })).toEqual({
      code: "invalid_param",
      message: "billingLat must be between -90 and 90.",
      field: "billingLat",
    });
    expect(errorOf({ id: 256, patch: { paymentTypes: [7, "x"] } })).toEqual({
      code: "invalid_param_type",
      message: "The type of parameter payment type id you provided is not valid for this request.",
      field: "paymentTypes",
    });
  });

  it("names the first path segment when no patch field is on the path", () => {
    expect(errorOf({ id: "256", patch: {} })).toMatchObject({ code: "invalid_param_type", field: "id" });
  });

  it("names no field for a refusal of the whole input", () => {
    expect(
      appErrorFromIssue({ code: "custom", path: [], message: "The customer fields must be given as an object.", input: 1 }),
    ).toMatchObject({ code: "invalid_param", field: undefined });
    expect(appErrorFromIssue({ code: "custom", path: [0, "name"], message: "m", input: 1 }).field).toBe("name");
  });

  it("a ZodError without issues is still an invalid parameter", () => {
    const error = appErrorFromZodError(new z.ZodError([]));
    expect({ code: error.code, message: error.message, field: error.field }).toEqual({
      code: "invalid_param",
      message: "The customer fields must be given as an object.",
      field: undefined,
    });
  });
});

describe("errorCodeOfIssue: every kind of issue", () => {
  const issue = (fields: Record<string, unknown>) => ({ path: [], message: "m", input: 1, ...fields }) as unknown as z.core.$ZodIssue;

  it.each([
    [{ code: "custom" }, "invalid_param"],
    [{ code: "custom", params: {} }, "invalid_param"],
    [{ code: "custom", params: { code: "missing_param" } }, "missing_param"],
    [{ code: "invalid_type", expected: "string" }, "invalid_param_type"],
    [{ code: "invalid_union", errors: [] }, "invalid_param_type"],
    [{ code: "too_big", origin: "string", maximum: 3 }, "invalid_param_type"],
    [{ code: "too_big", origin: "number", maximum: 3 }, "invalid_param"],
    [{ code: "too_small", origin: "number", minimum: 0 }, "invalid_param"],
    [{ code: "invalid_value", values: [1, 2] }, "invalid_param"],
  ])("%j is %s", (fields, code) => {
    expect(errorCodeOfIssue(issue(fields))).toBe(code);
  });
});

describe("amounts at their limits", () => {
  it("refuses 10^16 as too large, and a tiny fraction as too many decimals", () => {
    expect(refusal({ creditLimit: 1e16 })).toEqual({
      code: "invalid_param",
      status: 400,
      message: "creditLimit must be less than 10000000000000000.",
      field: "creditLimit",
    });
    expect(refusal({ creditLimit: 1e-7 })).toEqual({
      code: "invalid_param",
      status: 400,
      message: "creditLimit must have at most 2 decimal places.",
      field: "creditLimit",
    });
    expect(parseCustomerPatch({ creditLimit: 0 })).toEqual({ creditLimit: 0 });
    expect(parseCustomerPatch({ creditLimit: 0.01 })).toEqual({ creditLimit: 0.01 });
  });

  it("creditLimitTextRefusal reads the digits of the text a form sent", () => {
    expect(creditLimitTextRefusal("123456789012345")).toBeUndefined();
    expect(creditLimitTextRefusal(" 1234567890123.45 ")).toBeUndefined();
    expect(creditLimitTextRefusal("1234567890123456")).toBe(
      "creditLimit must have at most 15 significant digits: a longer amount cannot be stored exactly.",
    );
    expect(creditLimitTextRefusal("0.30000000000000001")).toBe("creditLimit must have at most 2 decimal places.");
    expect(creditLimitTextRefusal("-1234567890123.45")).toBeUndefined();
    expect(creditLimitTextRefusal("000000000000000012.5")).toBeUndefined();
    // trailing zeros of a whole amount and of the decimals are not digits a double loses
    expect(creditLimitTextRefusal("5000000000000000000")).toBeUndefined();
    expect(creditLimitTextRefusal("12.500000000000000000")).toBeUndefined();
  });
});

describe("dueDateConfigNumber at its limits", () => {
  it("takes 0 and 365; -1 and 366 are out of range", () => {
    expect(parseCustomerPatch({ dueDateConfigNumber: 0 })).toEqual({ dueDateConfigNumber: 0 });
    expect(parseCustomerPatch({ dueDateConfigNumber: 365 })).toEqual({ dueDateConfigNumber: 365 });
    for (const days of [-1, 366]) {
      expect(refusal({ dueDateConfigNumber: days })).toEqual({
        code: "invalid_param",
        status: 400,
        message: "dueDateConfigNumber must be a whole number of days from 0 to 365.",
        field: "dueDateConfigNumber",
      });
    }
  });

  it("dueDateConfigType with a cleared number is a missing number", () => {
    expect(refusal({ dueDateConfigType: 1, dueDateConfigNumber: null })).toEqual({
      code: "missing_param",
      status: 400,
      message: "dueDateConfigNumber parameter is missing",
      field: "dueDateConfigNumber",
    });
    expect(parseCustomerPatch({ dueDateConfigType: null, dueDateConfigNumber: null })).toEqual({
      dueDateConfigType: null,
      dueDateConfigNumber: null,
    });
  });
});

describe("currency and payment types: edges", () => {
  it.each(["eu", "EURO", "E1R"])("refuses the currency %j", (currency) => {
    expect(refusal({ currency })).toEqual({
      code: "invalid_param",
      status: 400,
      message: "currency must be a 3-letter ISO 4217 code such as EUR.",
      field: "currency",
    });
  });

  it("sorts the payment type ids as numbers", () => {
    expect(parseCustomerPatch({ paymentTypes: [100, 10, 9] })).toEqual({ paymentTypes: [9, 10, 100] });
  });
});
