import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "./client";
import { customerPaymentTypes, customers } from "./schema";
import { seedDemoData } from "./seed";
import { createTestDatabase, testDatabaseKind } from "./testing";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

async function paymentTypesOf(customerId: number) {
  const rows = await handle.db
    .select({ id: customerPaymentTypes.paymentTypeId })
    .from(customerPaymentTypes)
    .where(eq(customerPaymentTypes.customerId, customerId))
    .orderBy(customerPaymentTypes.paymentTypeId);
  return rows.map((row) => row.id);
}

describe(`the demo seed on ${testDatabaseKind}`, () => {
  it("seeds an empty database", async () => {
    expect(await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 3 })).toBe("seeded");
    expect(await paymentTypesOf(256)).toEqual([7, 8]);
  });

  it("leaves a database that holds data exactly as it is: removed rows stay removed", async () => {
    await handle.db
      .delete(customerPaymentTypes)
      .where(and(eq(customerPaymentTypes.customerId, 256), eq(customerPaymentTypes.paymentTypeId, 8)));
    const [removed] = await handle.db.delete(customers).where(eq(customers.reference, "NC-001")).returning({ id: customers.id });
    expect(removed).toBeDefined();
    const [before] = await handle.db.select().from(customers).where(eq(customers.id, 256));

    expect(await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 3 })).toBe(
      "skipped: the database already holds data",
    );

    expect(await paymentTypesOf(256)).toEqual([7]);
    expect(await handle.db.select().from(customers).where(eq(customers.reference, "NC-001"))).toEqual([]);
    expect(await handle.db.select().from(customers).where(eq(customers.id, 256))).toEqual([before]);
  });
});
