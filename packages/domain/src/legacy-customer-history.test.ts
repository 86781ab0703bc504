import { describe, expect, it } from "vitest";

import { AppError } from "./errors";
import { decodeLegacyCustomerHistoryQuery, LegacyCustomerChangeJson, toLegacyCustomerChangeJson } from "./legacy-customer-history";

const decode = (query: string) => decodeLegacyCustomerHistoryQuery(new URLSearchParams(query));

function refusal(query: string) {
  try {
    decode(query);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message, field: error.field };
  }
  throw new Error(`${query} was accepted`);
}

describe("decodeLegacyCustomerHistoryQuery", () => {
  it("pages by 100 from the newest when nothing is given", () => {
    expect(decode("")).toEqual({ max: 100, offset: 0 });
  });

  it("takes max and offset, cuts max to 1000, and ignores every other parameter", () => {
    expect(decode("max=20&offset=40&sort=balance&order=up")).toEqual({ max: 20, offset: 40 });
    expect(decode("max=5000").max).toBe(1000);
  });

  it.each([
    ["max=abc", "invalid_param_type", "The type of parameter max you provided is not valid for this request."],
    ["max=0", "invalid_param", "max must be 1 or more."],
    ["offset=-1", "invalid_param", "offset must be 0 or more."],
    ["offset=1.5", "invalid_param_type", "The type of parameter offset you provided is not valid for this request."],
    ["max=1&max=2", "invalid_param_type", "The type of parameter max you provided is not valid for this request."],
  ])("refuses %s with %s, as the list does", (query, code, message) => {
    expect(refusal(query)).toEqual({ code, message, field: query.split("=")[0] });
  });
});

describe("toLegacyCustomerChangeJson", () => {
  it("answers one change with the legacy date format and the user linked like createdBy", () => {
    const json = toLegacyCustomerChangeJson(
      {
        id: 9,
        field: "creditLimit",
        oldValue: "5000",
        newValue: "7500",
        channel: "api",
        changedAt: new Date("2016-08-16T09:02:13.456Z"),
        user: { id: 2, reference: "emp-002" },
      },
      { apiVersion: "v2.1" },
    );
    expect(json).toEqual({
      id: 9,
      field: "creditLimit",
      oldValue: "5000",
      newValue: "7500",
      channel: "api",
      dateCreated: "2016-08-16T09:02:13Z",
      changedBy: { userId: 2, reference: "emp-002", href: "/api/v2.1/users/2" },
    });
    expect(LegacyCustomerChangeJson.safeParse(json).success).toBe(true);
  });

  it("answers null for a user deleted since", () => {
    const json = toLegacyCustomerChangeJson(
      { id: 1, field: "name", oldValue: "a", newValue: "b", channel: "ui", changedAt: new Date(0), user: null },
      { apiVersion: "v1.0" },
    );
    expect(json.changedBy).toBeNull();
  });
});
