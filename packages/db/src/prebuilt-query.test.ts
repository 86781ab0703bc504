import { eq, sql, TransactionRollbackError } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Database, DatabaseHandle } from "./client";
import { prebuiltSelect, prebuiltStatement, rowsOf } from "./prebuilt-query";
import { customerCategories, customers, regions } from "./schema";
import { seedDemoData } from "./seed";
import { createTestDatabase, testDatabaseKind } from "./testing";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 12 });
});

afterAll(async () => {
  await handle?.close();
});

const parents = alias(customers, "parents");

/** Every shape a select's row takes: a whole table, inner and left joins (missing or not), an expression. */
function customerWithRelations(db: Database) {
  return db
    .select({
      customer: customers,
      category: { id: customerCategories.id, name: customerCategories.name },
      parent: { id: parents.id, name: parents.name },
      region: { id: regions.id, name: regions.name },
      nameLength: sql<number>`length(${customers.name})`.mapWith(Number),
    })
    .from(customers)
    .innerJoin(customerCategories, eq(customerCategories.id, customers.categoryId))
    .leftJoin(parents, eq(parents.id, customers.parentCustomerId))
    .leftJoin(regions, eq(regions.id, customers.regionId))
    .where(eq(customers.id, sql.placeholder("id")));
}

const prebuiltCustomerWithRelations = prebuiltSelect("test_customer_with_relations", customerWithRelations);

describe(`prebuilt selects on ${testDatabaseKind}`, () => {
  it("answers every customer's row exactly as Drizzle's own select does", async () => {
    const ids = (await handle.db.select({ id: customers.id }).from(customers)).map((row) => row.id);
    const rows = [];
    for (const id of ids) {
      const prebuilt = await prebuiltCustomerWithRelations(handle.db, { id });
      const drizzles = await customerWithRelations(handle.db).execute({ id });
      expect(prebuilt).toEqual(drizzles);
      // in the same order too: answers serialize the rows' keys in their order
      expect(JSON.stringify(prebuilt)).toBe(JSON.stringify(drizzles));
      rows.push(...prebuilt);
    }
    // the rows compared hold both a missing and a present left-joined object
    expect(rows.some((row) => row.region === null)).toBe(true);
    expect(rows.some((row) => row.region !== null)).toBe(true);
    expect(rows.some((row) => row.parent === null)).toBe(true);
    expect(rows.every((row) => row.customer.dateCreated instanceof Date)).toBe(true);
  });

  it("runs inside the transaction it is given", async () => {
    const [customer] = await prebuiltCustomerWithRelations(handle.db, { id: 256 });
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.update(customers).set({ name: "Renamed inside" }).where(eq(customers.id, 256));
        const [inside] = await prebuiltCustomerWithRelations(tx, { id: 256 });
        expect(inside?.customer.name).toBe("Renamed inside");
        tx.rollback();
      }),
    ).rejects.toBeInstanceOf(TransactionRollbackError);
    const [after] = await prebuiltCustomerWithRelations(handle.db, { id: 256 });
    expect(after?.customer.name).toBe(customer?.customer.name);
  });
});

const prebuiltSum = prebuiltStatement<{ sum: number }>("test_sum", () => sql`select ${sql.placeholder("a")}::int + ${sql.placeholder("b")}::int as sum`);

describe(`prebuilt statements on ${testDatabaseKind}`, () => {
  it("answers the statement's rows as objects, inside the transaction it is given", async () => {
    expect(await prebuiltSum(handle.db, { a: 2, b: 3 })).toEqual([{ sum: 5 }]);
    const [inside] = await handle.db.transaction((tx) => prebuiltSum(tx, { a: 40, b: 2 }));
    expect(inside).toEqual({ sum: 42 });
  });

  // prepared, postgres.js sends it in one round trip; unprepared, it asks for its parameters' types first
  it.runIf(testDatabaseKind === "postgres")("runs prepared on a PostgreSQL server", async () => {
    const prepared = await handle.db.transaction(async (tx) => {
      await prebuiltSum(tx, { a: 1, b: 1 });
      return rowsOf<{ count: number }>(
        await tx.execute(sql`select count(*)::int as count from pg_prepared_statements where statement like '%::int as sum'`),
      );
    });
    expect(prepared).toEqual([{ count: 1 }]);
  });
});
