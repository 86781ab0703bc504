import { describe, expect, it } from "vitest";

import { apiTokenFormSchema, blankApiToken } from "./api-token-form-values";

const issuesOf = (values: object) => {
  const result = apiTokenFormSchema.safeParse({ ...blankApiToken(4), name: "Reporting", ...values });
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
};

describe("the new API token form's values", () => {
  it("become the input the server takes: the owner's id a number, the days a number", () => {
    expect(apiTokenFormSchema.parse({ ...blankApiToken(4), name: " Reporting ", scope: "write", expiresInDays: " 30 " })).toEqual({
      name: "Reporting",
      ownerUserId: 4,
      scope: "write",
      expiresInDays: 30,
    });
  });

  it("send no expiry when Never is chosen, whatever the days field holds", () => {
    expect(apiTokenFormSchema.parse({ ...blankApiToken(4), name: "Sync", neverExpires: true, expiresInDays: "" })).toMatchObject({
      expiresInDays: null,
    });
  });

  it("refuse days that are not a number under the days field", () => {
    for (const expiresInDays of ["", "ten", "1.5", "-3"]) {
      expect(issuesOf({ expiresInDays })).toEqual([{ path: "expiresInDays", message: "Enter a number of days, or choose Never." }]);
    }
  });

  it("leave the range of days and a missing name to the server's schema, under their fields", () => {
    expect(issuesOf({ expiresInDays: "0" }).map((issue) => issue.path)).toEqual(["expiresInDays"]);
    expect(issuesOf({ expiresInDays: "3651" }).map((issue) => issue.path)).toEqual(["expiresInDays"]);
    expect(issuesOf({ name: "  " })).toEqual([{ path: "name", message: "name parameter is missing" }]);
  });
});
