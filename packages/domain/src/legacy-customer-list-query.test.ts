import { describe, expect, it } from "vitest";

import { decodeLegacyCustomerListQuery, legacyPagingOffsets } from "./legacy-customer-list-query";
import { describeRefusal } from "./test-factories";

const decode = (query: string) => decodeLegacyCustomerListQuery(new URLSearchParams(query));

describe("decodeLegacyCustomerListQuery", () => {
  it("pages 100 customers by id, ascending, when nothing is asked", () => {
    expect(decode("")).toEqual({
      max: 100,
      offset: 0,
      sort: "id",
      order: "asc",
      filters: { dateCreated: {}, lastUpdated: {} },
    });
  });

  it("reads every parameter and ignores unknown ones and empty values", () => {
    const query = decode(
      "max=20&offset=40&sort=lastUpdated&order=desc&reference=NC-*&name=*jewel*&categoryReference=food" +
        "&isActive=FALSE&dateCreated_gte=2015-12-17&lastUpdated_lt=2016-08-16T11:02:13%2B02:00&foo=bar&name2=&dateCreated_lt=",
    );
    expect(query).toEqual({
      max: 20,
      offset: 40,
      sort: "lastUpdated",
      order: "desc",
      filters: {
        reference: "NC-*",
        name: "*jewel*",
        categoryReference: "food",
        isActive: false,
        dateCreated: { gte: new Date("2015-12-17T00:00:00Z") },
        lastUpdated: { lt: new Date("2016-08-16T09:02:13Z") },
      },
    });
  });

  it("reads a date-time without offset as UTC", () => {
    expect(decode("dateCreated_gt=2016-08-16T09:02:13").filters.dateCreated.gt).toEqual(new Date("2016-08-16T09:02:13Z"));
    expect(decode("dateCreated_gt=2016-08-16T09:02:13.250Z").filters.dateCreated.gt).toEqual(
      new Date("2016-08-16T09:02:13.250Z"),
    );
  });

  it("cuts a large max to 1000 instead of refusing it", () => {
    expect(decode("max=5000").max).toBe(1000);
  });

  const refusals: [string, string, string][] = [
    ["max=abc", "invalid_param_type", "The type of parameter max you provided is not valid for this request."],
    ["max=1.5", "invalid_param_type", "The type of parameter max you provided is not valid for this request."],
    ["max=0", "invalid_param", "max must be 1 or more."],
    ["max=-5", "invalid_param", "max must be 1 or more."],
    ["offset=-1", "invalid_param", "offset must be 0 or more."],
    ["offset=1e3", "invalid_param_type", "The type of parameter offset you provided is not valid for this request."],
    ["offset=99999999999999999999", "invalid_param", "offset is too large."],
    ["sort=balance", "invalid_param", "sort must be one of id, reference, name, dateCreated, lastUpdated."],
    ["order=up", "invalid_param", "order must be asc or desc."],
    ["dateCreated_gt=yesterday", "invalid_param_type", "The type of parameter dateCreated_gt you provided is not valid for this request."],
    ["lastUpdated_lte=2016-02-30", "invalid_param_type", "The type of parameter lastUpdated_lte you provided is not valid for this request."],
    ["isActive=yes", "invalid_param_type", "The type of parameter isActive you provided is not valid for this request."],
    ["max=1&max=2", "invalid_param_type", "The type of parameter max you provided is not valid for this request."],
    // PostgreSQL text cannot hold U+0000: refused before it reaches a query
    ["name=a%00b", "invalid_param_type", "The type of parameter name you provided is not valid for this request."],
    ["reference=%00", "invalid_param_type", "The type of parameter reference you provided is not valid for this request."],
    ["categoryReference=food%00", "invalid_param_type", "The type of parameter categoryReference you provided is not valid for this request."],
  ];
  for (const [query, code, message] of refusals) {
    it(`refuses ${query} with ${code}`, () => {
      const field = query.split("=")[0];
      expect(describeRefusal(() => decode(query))).toMatchObject({ code, status: 400, message, field });
    });
  }
});

describe("legacyPagingOffsets", () => {
  it("has no previous page on the first and no next page on the last", () => {
    expect(legacyPagingOffsets({ total: 25, max: 10, offset: 0 })).toEqual({ previous: null, next: 10 });
    expect(legacyPagingOffsets({ total: 25, max: 10, offset: 10 })).toEqual({ previous: 0, next: 20 });
    expect(legacyPagingOffsets({ total: 25, max: 10, offset: 20 })).toEqual({ previous: 10, next: null });
    expect(legacyPagingOffsets({ total: 20, max: 10, offset: 10 })).toEqual({ previous: 0, next: null });
    expect(legacyPagingOffsets({ total: 0, max: 10, offset: 0 })).toEqual({ previous: null, next: null });
  });

  it("never steps back before the first customer", () => {
    expect(legacyPagingOffsets({ total: 25, max: 10, offset: 5 })).toEqual({ previous: 0, next: 15 });
  });
});

describe("decodeLegacyCustomerListQuery: values as typed", () => {
  it("keeps the blanks of a pattern, which may be part of a name, and trims every other value", () => {
    const query = decodeLegacyCustomerListQuery([
      ["reference", " NC-* "],
      ["name", " Marie*"],
      ["categoryReference", "food "],
      ["sort", " name "],
      ["order", " desc "],
      ["max", " 20 "],
      ["offset", " 5 "],
      ["isActive", " 1 "],
      ["dateCreated_lte", " 2016-08-16 "],
    ]);
    expect(query).toEqual({
      max: 20,
      offset: 5,
      sort: "name",
      order: "desc",
      filters: {
        reference: " NC-* ",
        name: " Marie*",
        categoryReference: "food ",
        isActive: true,
        dateCreated: { lte: new Date("2016-08-16T00:00:00Z") },
        lastUpdated: {},
      },
    });
  });

  it("reads every date bound into its own place", () => {
    const query = decode(
      "dateCreated_gt=2016-01-01&dateCreated_gte=2016-01-02&dateCreated_lt=2016-01-03&dateCreated_lte=2016-01-04" +
        "&lastUpdated_gt=2016-02-01&lastUpdated_gte=2016-02-02&lastUpdated_lt=2016-02-03T10:00:00-02:00&lastUpdated_lte=2016-02-04T10:00:00",
    );
    expect(query.filters).toEqual({
      dateCreated: {
        gt: new Date("2016-01-01T00:00:00Z"),
        gte: new Date("2016-01-02T00:00:00Z"),
        lt: new Date("2016-01-03T00:00:00Z"),
        lte: new Date("2016-01-04T00:00:00Z"),
      },
      lastUpdated: {
        gt: new Date("2016-02-01T00:00:00Z"),
        gte: new Date("2016-02-02T00:00:00Z"),
        lt: new Date("2016-02-03T12:00:00Z"),
        lte: new Date("2016-02-04T10:00:00Z"),
      },
    });
  });

  it("takes max=1 and offset=0, the smallest values", () => {
    expect(decode("max=1&offset=0")).toMatchObject({ max: 1, offset: 0 });
    expect(decode("max=1000").max).toBe(1000);
  });

  it.each([
    ["max", "max=99999999999999999999", "max is too large."],
    ["isActive", "isActive=", undefined],
  ])("%s: %s", (param, query, message) => {
    if (message === undefined) {
      expect(decode(query).filters.isActive).toBeUndefined();
    } else {
      expect(describeRefusal(() => decode(query))).toEqual({ code: "invalid_param", status: 400, message, field: param });
    }
  });
});

describe("decodeLegacyCustomerListQuery: what it ignores", () => {
  it("ignores an unknown parameter even given twice, and a blank value as an empty one", () => {
    expect(decode("foo=1&foo=2&max=%20&offset=%20%20&isActive=%20&sort=%20&dateCreated_gt=%20")).toEqual(decode(""));
  });

  it("reads a date-time without offset as UTC whatever the server's time zone", () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      expect(decode("lastUpdated_gte=2016-08-16T09:02:13").filters.lastUpdated.gte).toEqual(new Date("2016-08-16T09:02:13Z"));
      expect(decode("lastUpdated_gte=2016-08-16").filters.lastUpdated.gte).toEqual(new Date("2016-08-16T00:00:00Z"));
      expect(decode("lastUpdated_gte=2016-08-16T09:02:13%2B02:00").filters.lastUpdated.gte).toEqual(
        new Date("2016-08-16T07:02:13Z"),
      );
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
