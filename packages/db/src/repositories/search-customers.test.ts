/**
 * The UI list's paging (`searchCustomers`) over customers made to tie: few
 * names, few update times, few credit limits and many nulls among them, so
 * that every page boundary falls inside a run of equal values.
 */
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "../client";
import { customerCategories, customers } from "../schema";
import { seedDemoData } from "../seed";
import { createTestDatabase, testDatabaseKind } from "../testing";
import {
  type CustomerListItem,
  customerListPosition,
  type CustomerSortKey,
  type CustomerSortOrder,
  searchCustomers,
} from "./customer-repository";

const ORGANIZATION = 2;
const CUSTOMERS = 41;
const PAGE = 4;

let handle: DatabaseHandle;
/** The category that holds the customers made here, and nothing else: every list below filters on it. */
let categoryId: number;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 3 });
  const [root] = await handle.db
    .select({ id: customerCategories.id })
    .from(customerCategories)
    .where(and(eq(customerCategories.organizationId, ORGANIZATION), isNull(customerCategories.parentId)));
  const [category] = await handle.db
    .insert(customerCategories)
    .values({ organizationId: ORGANIZATION, parentId: root!.id, reference: "paging", name: "Paging" })
    .returning({ id: customerCategories.id });
  categoryId = category!.id;
  await handle.db.insert(customers).values(
    Array.from({ length: CUSTOMERS }, (_, n) => ({
      organizationId: ORGANIZATION,
      categoryId,
      currency: "EUR",
      reference: `PG-${String((n * 7) % CUSTOMERS).padStart(3, "0")}`,
      name: ["bakery", "florist", "grocer"][n % 3]!,
      lastUpdated: new Date(Date.UTC(2026, 0, 1 + (n % 4))),
      creditLimit: n % 5 === 0 ? null : (n % 3) * 250.5,
    })),
  );
});

afterAll(async () => {
  await handle?.close();
});

const sorts: CustomerSortKey[] = ["name", "reference", "lastUpdated", "creditLimit"];
const orders: CustomerSortOrder[] = ["asc", "desc"];

function listCustomers(args: Partial<Parameters<typeof searchCustomers>[1]> = {}) {
  return searchCustomers(handle.db, { organizationId: ORGANIZATION, categoryId, limit: PAGE, ...args });
}

/** The order the list promises, worked out here: the sort value (nulls last either way), then the id, in one direction. */
function expectedOrder(items: CustomerListItem[], sort: CustomerSortKey, order: CustomerSortOrder): number[] {
  const sign = order === "asc" ? 1 : -1;
  const value = (item: CustomerListItem) => {
    const raw = item[sort];
    return raw instanceof Date ? raw.getTime() : raw;
  };
  return [...items]
    .sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      if (x === null || y === null) return x === y ? sign * (a.id - b.id) : x === null ? 1 : -1;
      if (x !== y) return sign * (x < y ? -1 : 1);
      return sign * (a.id - b.id);
    })
    .map((item) => item.id);
}

async function everyCustomer(): Promise<CustomerListItem[]> {
  const all = await listCustomers({ limit: 100 });
  expect(all.items).toHaveLength(CUSTOMERS);
  return all.items;
}

/**
 * The list reads a page two ways: cut from every match when they number no
 * more than the total's bound, and by walking the sort's index past it. A
 * bound below the number of customers here takes the second way.
 */
const ways = [
  { way: "cut from all the matches", totalLimit: undefined },
  { way: "walking the sort's index", totalLimit: 5 },
];

describe.each(ways)(`customer list paging on ${testDatabaseKind}, $way`, ({ totalLimit }) => {
  const list = (args: Partial<Parameters<typeof searchCustomers>[1]> = {}) => listCustomers({ totalLimit, ...args });

  for (const sort of sorts) {
    for (const order of orders) {
      it(`pages by ${sort} ${order} from position to position, forwards and back, without repeating or skipping a customer`, async () => {
        const expected = expectedOrder(await everyCustomer(), sort, order);

        const forwards: number[][] = [];
        let page = await list({ sort, order });
        expect(page.hasPrevious).toBe(false);
        for (;;) {
          forwards.push(page.items.map((item) => item.id));
          if (!page.hasNext) break;
          page = await list({ sort, order, after: customerListPosition(page.items.at(-1)!, sort) });
          expect(page.hasPrevious).toBe(true);
        }
        expect(forwards.flat()).toEqual(expected);
        expect(forwards).toHaveLength(Math.ceil(CUSTOMERS / PAGE));

        // back from the last page to the first, page by page
        const backwards: number[][] = [forwards.at(-1)!];
        let first = page.items[0]!;
        for (;;) {
          const previous = await list({ sort, order, before: customerListPosition(first, sort) });
          expect(previous.hasNext).toBe(true);
          backwards.unshift(previous.items.map((item) => item.id));
          if (!previous.hasPrevious) break;
          first = previous.items[0]!;
        }
        expect(backwards).toEqual(forwards);

        // and OFFSET, still accepted, reads the same pages
        for (const [index, ids] of forwards.entries()) {
          const byOffset = await list({ sort, order, offset: index * PAGE });
          expect(byOffset.items.map((item) => item.id)).toEqual(ids);
          expect(byOffset.hasNext).toBe(index < forwards.length - 1);
          expect(byOffset.hasPrevious).toBe(index > 0);
        }
      });
    }
  }

  it("pages within a search from a position", async () => {
    const all = await list({ search: "flor", sort: "creditLimit", order: "desc", limit: 100 });
    expect(all.items.length).toBeGreaterThan(PAGE);
    expect(all.items.every((item) => item.name === "florist")).toBe(true);
    const second = await list({
      search: "flor",
      sort: "creditLimit",
      order: "desc",
      after: customerListPosition(all.items[PAGE - 1]!, "creditLimit"),
    });
    expect(second.items).toEqual(all.items.slice(PAGE, 2 * PAGE));
  });

  it("keeps its place when a customer is added before it, where an offset would repeat a row", async () => {
    const first = await list({ sort: "reference" });
    const afterFirst = customerListPosition(first.items.at(-1)!, "reference");
    const secondBeforeTheAddition = await list({ sort: "reference", offset: PAGE });
    const [added] = await handle.db
      .insert(customers)
      .values({ organizationId: ORGANIZATION, categoryId, currency: "EUR", reference: "PA-first", name: "added" })
      .returning({ id: customers.id });
    try {
      const second = await list({ sort: "reference", after: afterFirst });
      const byOffset = await list({ sort: "reference", offset: PAGE });
      expect(second.items).toEqual(secondBeforeTheAddition.items);
      expect(byOffset.items[0]!.id).toBe(first.items.at(-1)!.id);
    } finally {
      await handle.db.delete(customers).where(eq(customers.id, added!.id));
    }
  });

  it("answers an empty page after the last customer, and the first page before the first", async () => {
    const all = await everyCustomer();
    const lastByName = all.at(-1)!; // by name, then id: the last grocer
    const past = await list({ after: customerListPosition(lastByName, "name") });
    expect(past).toMatchObject({ items: [], hasNext: false, hasPrevious: true });
    const before = await list({ before: customerListPosition(all[0]!, "name") });
    expect(before).toMatchObject({ items: [], hasNext: true, hasPrevious: false });
  });
});

describe(`customer list total on ${testDatabaseKind}`, () => {
  const list = listCustomers;

  it("counts the matches exactly up to its bound", async () => {
    expect(await list({ totalLimit: CUSTOMERS })).toMatchObject({ total: CUSTOMERS, totalIsExact: true });
    expect(await list({ search: "bakery", totalLimit: CUSTOMERS })).toMatchObject({ total: 14, totalIsExact: true });
    expect(await list()).toMatchObject({ total: CUSTOMERS, totalIsExact: true }); // the default bound, 1,000
  });

  it("answers the bound and 'not exact' when more customers match than it", async () => {
    const bounded = await list({ totalLimit: CUSTOMERS - 1 });
    expect(bounded).toMatchObject({ total: CUSTOMERS - 1, totalIsExact: false, hasNext: true });
    expect(bounded.items).toHaveLength(PAGE);
    expect(await list({ search: "bakery", totalLimit: 5 })).toMatchObject({ total: 5, totalIsExact: false });
  });

  it("is the same whatever the page", async () => {
    const first = await list({ totalLimit: 10 });
    const deeper = await list({ totalLimit: 10, after: customerListPosition(first.items.at(-1)!, "name") });
    expect(deeper).toMatchObject({ total: 10, totalIsExact: false });
  });
});
