import { describe, expect, it } from "vitest";

import { customerExportSortKeys, decodeCustomerExportQuery } from "./customer-export-query";
import { describeRefusal } from "./test-factories";

const decode = (query: string) => decodeCustomerExportQuery(new URLSearchParams(query));
const typeRefusal = (param: string) => ({
  code: "invalid_param_type",
  status: 400,
  message: `The type of parameter ${param} you provided is not valid for this request.`,
  field: param,
});

describe("customerExportSortKeys", () => {
  it("are the legacy list's keys and creditLimit", () => {
    expect(customerExportSortKeys).toEqual(["id", "reference", "name", "dateCreated", "lastUpdated", "creditLimit"]);
  });
});

describe("decodeCustomerExportQuery", () => {
  it("exports every customer by id, ascending, without a byte order mark, when nothing is asked", () => {
    expect(decode("")).toEqual({
      sort: "id",
      order: "asc",
      filters: {
        dateCreated: {},
        lastUpdated: {},
        search: undefined,
        onHold: undefined,
        categoryId: undefined,
      },
      bom: false,
    });
  });

  it("reads the list's filters and order with its own parameters", () => {
    expect(
      decode(
        "sort=creditLimit&order=desc&reference=NC-*&name=*jewel*&categoryReference=food&isActive=0" +
          "&dateCreated_gte=2015-12-17&search=Marie&onHold=true&categoryId=12&bom=1",
      ),
    ).toEqual({
      sort: "creditLimit",
      order: "desc",
      filters: {
        reference: "NC-*",
        name: "*jewel*",
        categoryReference: "food",
        isActive: false,
        dateCreated: { gte: new Date("2015-12-17T00:00:00Z") },
        lastUpdated: {},
        search: "Marie",
        onHold: true,
        categoryId: 12,
      },
      bom: true,
    });
  });

  it.each(customerExportSortKeys)("sorts by %s", (key) => {
    expect(decode(`sort=${key}`).sort).toBe(key);
  });

  it("trims its own values, and reads an empty or blank one as absent", () => {
    expect(decode("sort=%20name%20&search=%20Marie%20&categoryId=%207%20&onHold=%20FALSE%20&bom=%20true%20")).toMatchObject({
      sort: "name",
      filters: { search: "Marie", categoryId: 7, onHold: false },
      bom: true,
    });
    expect(decode("sort=&search=&categoryId=&onHold=&bom=")).toEqual(decode(""));
    expect(decode("sort=%20&search=%20%20&categoryId=%20&onHold=%20&bom=%20")).toEqual(decode(""));
  });

  it("reads bom=false and bom=0 as no byte order mark", () => {
    expect(decode("bom=false").bom).toBe(false);
    expect(decode("bom=0").bom).toBe(false);
    expect(decode("bom=TRUE").bom).toBe(true);
  });

  it("ignores max and offset, even malformed: the export has no pages", () => {
    expect(decode("max=abc&offset=-1")).toEqual(decode(""));
    expect(decode("max=5&offset=10")).toEqual(decode(""));
  });

  it("takes categoryId from 1 up to nine digits", () => {
    expect(decode("categoryId=1").filters.categoryId).toBe(1);
    expect(decode("categoryId=999999999").filters.categoryId).toBe(999_999_999);
    expect(decode("categoryId=007").filters.categoryId).toBe(7);
  });

  it("takes a search of 255 characters", () => {
    expect(decode(`search=${"a".repeat(255)}`).filters.search).toBe("a".repeat(255));
  });

  const refusals: [string, ReturnType<typeof typeRefusal> | Record<string, unknown>][] = [
    ["sort=balance", {
      code: "invalid_param",
      status: 400,
      message: "sort must be one of id, reference, name, dateCreated, lastUpdated, creditLimit.",
      field: "sort",
    }],
    ["sort=Name", {
      code: "invalid_param",
      status: 400,
      message: "sort must be one of id, reference, name, dateCreated, lastUpdated, creditLimit.",
      field: "sort",
    }],
    ["categoryId=0", typeRefusal("categoryId")],
    ["categoryId=-3", typeRefusal("categoryId")],
    ["categoryId=1.5", typeRefusal("categoryId")],
    ["categoryId=abc", typeRefusal("categoryId")],
    ["categoryId=x12", typeRefusal("categoryId")],
    ["categoryId=12x", typeRefusal("categoryId")],
    ["categoryId=1234567890", typeRefusal("categoryId")],
    [`search=${"a".repeat(256)}`, typeRefusal("search")],
    ["search=a%00b", typeRefusal("search")],
    ["onHold=yes", typeRefusal("onHold")],
    ["bom=yes", typeRefusal("bom")],
    ["sort=id&sort=name", typeRefusal("sort")],
    ["search=a&search=b", typeRefusal("search")],
    ["max=1&max=2", typeRefusal("max")],
    ["offset=1&offset=2", typeRefusal("offset")],
    ["onHold=true&onHold=true", typeRefusal("onHold")],
    ["bom=1&bom=1", typeRefusal("bom")],
    ["categoryId=1&categoryId=1", typeRefusal("categoryId")],
    // the list's parameters are refused by the list's own decoder
    ["order=up", { code: "invalid_param", status: 400, message: "order must be asc or desc.", field: "order" }],
    ["isActive=yes", typeRefusal("isActive")],
    ["name=a&name=b", typeRefusal("name")],
  ];
  it.each(refusals)("refuses %s", (query, refusal) => {
    expect(describeRefusal(() => decode(query))).toEqual(refusal);
  });
});
