import { describe, expect, it } from "vitest";
import { z } from "zod";

import {
  amount,
  amountTextRefusal,
  apiWording,
  coordinate,
  country,
  currencyCode,
  dueDateDays,
  dueDateKind,
  flag,
  formWording,
  objectReference,
  optionalText,
  paymentTypeSet,
  picture,
  regionReference,
  requiredText,
  textRules,
} from "./field-kinds";

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe("the kinds of field", () => {
  // What the record's columns, the customer form and the parameter table rely on.
  it.each([
    ["requiredText(255)", requiredText(255), { wire: "String", storage: "text", control: "text", maxLength: 255 }],
    ["optionalText(100)", optionalText(100), { wire: "String", storage: "text", control: "text", maxLength: 100 }],
    ["flag()", flag(), { wire: "Boolean", storage: "boolean", control: "checkbox", maxLength: undefined }],
    ["objectReference()", objectReference(), { wire: "Long/String", storage: "number", control: "picker", maxLength: undefined }],
    ["regionReference()", regionReference(), { wire: "Integer", storage: "number", control: "picker", maxLength: undefined }],
    ["coordinate(90)", coordinate(90), { wire: "Double", storage: "number", control: "number", maxLength: undefined }],
    ["country()", country(), { wire: "String", storage: "text", control: "text", maxLength: 2 }],
    ["amount()", amount(), { wire: "Amount", storage: "number", control: "number", maxLength: undefined }],
    ["dueDateDays()", dueDateDays(), { wire: "Integer", storage: "number", control: "number", maxLength: undefined }],
    ["dueDateKind()", dueDateKind(), { wire: "DueDateConfigType", storage: "number", control: "number", maxLength: undefined }],
    ["currencyCode()", currencyCode(), { wire: "String", storage: "text", control: "text", maxLength: 3 }],
    ["paymentTypeSet()", paymentTypeSet(), { wire: "PaymentTypes", storage: "rows", control: "paymentTypes", maxLength: undefined }],
    ["picture()", picture(), { wire: "Multipart", storage: "text", control: "none", maxLength: undefined }],
  ])("%s is stored and edited as its kind says", (_, kind, expected) => {
    const { wire, storage, control, maxLength } = kind;
    expect({ wire, storage, control, maxLength }).toEqual(expected);
  });

  it("show a stored id as a positive integer, or null", () => {
    for (const kind of [objectReference(), regionReference()]) {
      expect(kind.answer.safeParse(1).success).toBe(true);
      expect(kind.answer.safeParse(2_000_000).success).toBe(true);
      expect(kind.answer.safeParse(null).success).toBe(true);
      expect(kind.answer.safeParse(0).success).toBe(false);
      expect(kind.answer.safeParse(1.5).success).toBe(false);
    }
  });

  it("show the payment types as positive integer ids", () => {
    expect(paymentTypeSet().answer.safeParse([1, 7, 300]).success).toBe(true);
    expect(paymentTypeSet().answer.safeParse([0]).success).toBe(false);
  });

  it("show the due date kind as 1 or 2, or null", () => {
    for (const value of [1, 2, null]) expect(dueDateKind().answer.safeParse(value).success).toBe(true);
    for (const value of [0, 3, "1"]) expect(dueDateKind().answer.safeParse(value).success).toBe(false);
  });

  it("describe a country and a currency by their ISO standard", () => {
    expect(z.toJSONSchema(country().answer)).toMatchObject({ description: "ISO 3166-1 alpha-2 code." });
    expect(z.toJSONSchema(currencyCode().answer)).toMatchObject({ description: "ISO 4217 code." });
  });
});

describe("the wordings", () => {
  it("of the API name the parameter, and a text too long is a wrong type", () => {
    const wording = apiWording("fax");
    expect(wording.name).toBe("fax");
    expect(wording.wrongType).toBe("The type of parameter fax you provided is not valid for this request.");
    expect(wording.tooLong(50)).toBe("The type of parameter fax you provided is not valid for this request.");
    expect(wording.missing).toBe("fax parameter is missing");
  });

  it.each([
    ["Double", "Latitude must be a number."],
    ["Amount", "Latitude must be a number."],
    ["Integer", "Latitude must be a number."],
    ["DueDateConfigType", "Latitude must be a number."],
    ["String", "Latitude is not valid."],
    ["Long/String", "Latitude is not valid."],
    ["Boolean", "Latitude is not valid."],
    ["PaymentTypes", "Latitude is not valid."],
  ] as const)("of the form call a wrong %s type: %s", (wire, text) => {
    expect(formWording("Latitude", wire).wrongType).toBe(text);
  });

  it("of the form name the label, with the length in English digits", () => {
    const wording = formWording("Comment", "String");
    expect(wording.tooLong(1000)).toBe("Comment must be at most 1,000 characters.");
    expect(wording.missing).toBe("Comment is required.");
  });
});

describe("the rules in the form's wording", () => {
  it("refuse a text longer than its column", () => {
    expect(issuesOf(optionalText(5).patch(formWording("Fax", "String")), "123456")).toEqual(["Fax must be at most 5 characters."]);
    expect(issuesOf(requiredText(5).patch(formWording("Name", "String")), "123456")).toEqual(["Name must be at most 5 characters."]);
    expect(issuesOf(country().patch(formWording("Country", "String")), "x".repeat(101))).toEqual([
      "Country must be at most 100 characters.",
    ]);
  });

  it("refuse an unknown country as a value rule (a custom issue), not as a wrong type", () => {
    const result = country().patch(apiWording("billingCountry")).safeParse("Narnia");
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        code: "custom",
        message:
          "The country Narnia is not known: billingCountry takes an ISO 3166-1 code (FR) or the country's English or French name.",
      }),
    ]);
  });

  it("name an unknown country and how to write one", () => {
    expect(issuesOf(country().patch(formWording("Country", "String")), "Narnia")).toEqual([
      "The country Narnia is not known: Country takes an ISO 3166-1 code (FR) or the country's English or French name.",
    ]);
  });
});

describe("objectReference", () => {
  const rule = objectReference().patch(apiWording("categoryId"));

  it("reads digits as an id and anything else, digits first included, as a reference", () => {
    expect(rule.parse("12")).toBe(12);
    expect(rule.parse(" 12 ")).toBe(12);
    expect(rule.parse("12abc")).toBe("12abc");
    expect(rule.parse("abc12")).toBe("abc12");
  });
});

describe("amountTextRefusal", () => {
  it("counts the decimals without their trailing zeros", () => {
    // 17 significant digits, 1 decimal once the zeros are dropped: a digits refusal, not a decimals one
    expect(amountTextRefusal("creditLimit", "1234567890123456.1000")).toBe(
      "creditLimit must have at most 15 significant digits: a longer amount cannot be stored exactly.",
    );
    expect(amountTextRefusal("creditLimit", "1234567890123.45600")).toBe(
      "creditLimit must have at most 2 decimal places.",
    );
    expect(amountTextRefusal("creditLimit", "123.4500000000000000")).toBeUndefined();
  });
});

describe("textRules", () => {
  it("take a colour written #RGB or #RRGGBB, nothing before nor after", () => {
    expect(textRules.color.test("#fa0")).toBe(true);
    expect(textRules.color.test("#FFAA00")).toBe(true);
    expect(textRules.color.test("x#FFF")).toBe(false);
    expect(textRules.color.test("#FFFF")).toBe(false);
    expect(textRules.color.test("#FFF0")).toBe(false);
  });

  it("take a website without a scheme, even one whose path holds an address", () => {
    expect(textRules.website.test("example.com/?next=https://other.com")).toBe(true);
    expect(textRules.website.test("https://example.com")).toBe(true);
    expect(textRules.website.test("ftp://example.com")).toBe(false);
  });
});
