import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "../client";
import { seedDemoData } from "../seed";
import { createTestDatabase, testDatabaseKind } from "../testing";
import { deleteCustomerEventsBefore, readCustomerEvents } from "./event-repository";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 1 });
});

afterAll(async () => {
  await handle?.close();
});

/** An event of a past transaction `transactionId` (below any running one, so it is served). */
async function addEvent(transactionId: number, createdAt = new Date()) {
  await handle.db.execute(sql`
    insert into customer_events (organization_id, transaction_id, type, customer_id, data, created_at)
    values (1, ${String(transactionId)}::xid8, 'customer.updated', 256, ${JSON.stringify({ transactionId })}::json, ${createdAt.toISOString()}::timestamptz)`);
}

describe(`the change feed's reads on ${testDatabaseKind}`, () => {
  it("orders by transaction id as a number, across a digit more", async () => {
    // as text, '10' sorts before '9': a reader resuming after 10 skipped 9
    await addEvent(10);
    await addEvent(9);
    await addEvent(100);
    const events = await readCustomerEvents(handle.db, { organizationId: 1, max: 10 });
    expect(events.map((event) => event.position.transactionId)).toEqual(["9", "10", "100"]);
    const afterNine = await readCustomerEvents(handle.db, { organizationId: 1, after: events[0]!.position, max: 10 });
    expect(afterNine.map((event) => event.position.transactionId)).toEqual(["10", "100"]);
  });

  it("sweeps what is older than the retention", async () => {
    await addEvent(5, new Date("2020-01-01T00:00:00Z"));
    await deleteCustomerEventsBefore(handle.db, new Date("2021-01-01T00:00:00Z"));
    const events = await readCustomerEvents(handle.db, { organizationId: 1, max: 10 });
    expect(events.map((event) => event.position.transactionId)).toEqual(["9", "10", "100"]);
  });
});
