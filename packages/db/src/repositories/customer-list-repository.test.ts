import type { LegacyCustomerListQuery } from "@cr/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "../client";
import { seedDemoData } from "../seed";
import { createTestDatabase, testDatabaseKind } from "../testing";
import { listCustomerIds, wildcardToLikePattern } from "./customer-list-repository";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 12 });
});

afterAll(async () => {
  await handle?.close();
});

type ListArgs = Parameters<typeof listCustomerIds>[1];

function query(overrides: Partial<Omit<ListArgs, "filters">> = {}, filters: Partial<LegacyCustomerListQuery["filters"]> = {}) {
  return {
    organizationId: 1,
    max: 100,
    offset: 0,
    sort: "id",
    order: "asc",
    ...overrides,
    filters: { dateCreated: {}, lastUpdated: {}, ...filters },
  } satisfies ListArgs;
}

describe("wildcardToLikePattern", () => {
  it("turns * into % and keeps LIKE's own wildcards literal", () => {
    expect(wildcardToLikePattern("NC-*")).toBe("NC-%");
    expect(wildcardToLikePattern("50%_off*")).toBe("50\\%\\_off%");
    expect(wildcardToLikePattern("a\\b")).toBe("a\\\\b");
  });
});

describe(`customer list repository on ${testDatabaseKind}`, () => {
  it("lists only the organization's customers", async () => {
    const entity1 = await listCustomerIds(handle.db, query());
    const entity2 = await listCustomerIds(handle.db, query({ organizationId: 2 }));
    expect(entity1.total).toBe(13);
    expect(entity2.total).toBe(12);
    expect(entity1.ids.filter((id) => entity2.ids.includes(id))).toEqual([]);
  });

  it("breaks ties on the sort key by id, so pages of equal dates neither repeat nor skip", async () => {
    // the seeded customers besides 256 were all created in one transaction: one dateCreated for all
    const all = await listCustomerIds(handle.db, query({ sort: "dateCreated", order: "desc" }));
    const paged: number[] = [];
    for (let offset = 0; offset < all.total; offset += 5) {
      paged.push(...(await listCustomerIds(handle.db, query({ sort: "dateCreated", order: "desc", max: 5, offset }))).ids);
    }
    expect(paged).toEqual(all.ids);
    expect(new Set(paged).size).toBe(all.total);
    expect(paged.at(-1)).toBe(256);
  });

  it("matches a literal underscore or percent sign only as itself", async () => {
    expect((await listCustomerIds(handle.db, query({}, { reference: "NC_3" }))).total).toBe(0);
    expect((await listCustomerIds(handle.db, query({}, { reference: "NC%" }))).total).toBe(0);
    expect((await listCustomerIds(handle.db, query({}, { reference: "NC-3" }))).ids).toEqual([256]);
    expect((await listCustomerIds(handle.db, query({}, { reference: "nc-3" }))).total).toBe(0);
    expect((await listCustomerIds(handle.db, query({}, { name: "marie's*" }))).ids).toContain(256);
  });

  it("filters on the category's reference and on date ranges", async () => {
    const jewelry = await listCustomerIds(handle.db, query({}, { categoryReference: "jewel*" }));
    expect(jewelry.ids).toContain(256);
    expect(jewelry.total).toBe(3); // NC-3 and the two jewelry shops among the 12 seeded (one trade in eight)
    const old = await listCustomerIds(handle.db, query({}, { dateCreated: { lt: new Date("2016-01-01T00:00:00Z") } }));
    expect(old.ids).toEqual([256]);
    const exact = await listCustomerIds(
      handle.db,
      query({}, { lastUpdated: { gte: new Date("2016-08-16T09:02:13Z"), lte: new Date("2016-08-16T09:02:13Z") } }),
    );
    expect(exact.ids).toEqual([256]);
  });
});
