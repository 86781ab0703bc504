import { describe, expect, it } from "vitest";

import { customerExportHref, customerListInput, customerListQueryString, readCustomerListState } from "./customer-list-query";

const read = (query: string) => readCustomerListState(new URLSearchParams(query));

describe("customer list URL state", () => {
  it("reads an empty query as the first page of every customer by name", () => {
    expect(read("")).toEqual({ search: "", sort: "name", order: "asc", page: 1, pageSize: 25 });
  });

  it("reads every filter, the sort and the page", () => {
    expect(read("q=jewel&active=true&hold=false&category=2&sort=creditLimit&order=desc&page=3&size=50")).toEqual({
      search: "jewel",
      isActive: true,
      onHold: false,
      categoryId: 2,
      sort: "creditLimit",
      order: "desc",
      page: 3,
      pageSize: 50,
    });
  });

  it("falls back to the default of each parameter it cannot read", () => {
    expect(read("active=maybe&category=x&sort=balance&order=up&page=-1&size=7")).toEqual(read(""));
  });

  it("writes back what it reads, leaving the defaults out", () => {
    const query = "?q=NC-3&hold=true&sort=reference&page=2";
    expect(customerListQueryString(read(query))).toBe(query);
    expect(customerListQueryString(read("sort=name&order=asc&page=1&size=25"))).toBe("");
  });

  it("turns the page into the procedure's offset", () => {
    expect(customerListInput(read("page=3&size=50"))).toMatchObject({ search: undefined, limit: 50, offset: 100 });
  });

  it("hands the procedure the page's cursor instead of an offset, and writes it back", () => {
    const query = "?sort=lastUpdated&page=41&cursor=eyJzIjoibmFtZSJ9";
    const state = read(query);
    expect(state).toMatchObject({ page: 41, cursor: "eyJzIjoibmFtZSJ9" });
    expect(customerListInput(state)).toEqual(expect.objectContaining({ limit: 25, cursor: "eyJzIjoibmFtZSJ9" }));
    expect(customerListInput(state)).not.toHaveProperty("offset");
    expect(customerListQueryString(state)).toBe(query);
  });

  it("drops a cursor on the first page and one that is not the server's text", () => {
    expect(read("cursor=eyJzIjoibmFtZSJ9").cursor).toBeUndefined();
    expect(read("page=2&cursor=a%20b").cursor).toBeUndefined();
    expect(customerListInput(read("page=2&cursor=a%20b"))).toMatchObject({ offset: 25 });
  });

  it("carries the list's filters and sort, not its page, into the CSV export's link", () => {
    expect(customerExportHref(read("q=jewel&active=true&hold=false&category=2&sort=creditLimit&order=desc&page=3&size=50"))).toBe(
      "/api/v2.1/customers.csv?search=jewel&isActive=true&onHold=false&categoryId=2&sort=creditLimit&order=desc&bom=true",
    );
    expect(customerExportHref(read(""))).toBe("/api/v2.1/customers.csv?sort=name&order=asc&bom=true");
  });
});
