import { AppError } from "@cr/domain";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "../client";
import { customerHistory, customers, users } from "../schema";
import { seedDemoData } from "../seed";
import { createTestDatabase, testDatabaseKind } from "../testing";
import {
  findAncestorIds,
  findCustomerRecord,
  findCustomerView,
  findCustomerViews,
  saveCustomerChanges,
  saveCustomerChangesIfUnchanged,
  saveManyCustomerChanges,
  searchCustomers,
} from "./customer-repository";

let handle: DatabaseHandle;

const noHistory = { userId: null, channel: "api" as const, changes: [] };

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 12 });
});

afterAll(async () => {
  await handle?.close();
});

describe(`customer repository on ${testDatabaseKind}`, () => {
  it("seeds the page's example customer and nothing twice", async () => {
    const before = await handle.db.select({ n: count() }).from(customers);
    await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 12 });
    const after = await handle.db.select({ n: count() }).from(customers);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(await handle.db.select({ n: count() }).from(users)).toEqual([{ n: 5 }]);

    const view = await findCustomerView(handle.db, { organizationId: 1, lookup: { id: 256 } });
    expect(view).toMatchObject({
      reference: "NC-3",
      name: "Marie's Jewelry",
      category: { id: 2, reference: "jewelry", name: "Jewelry and accessories" },
      customerSegmentation: { id: 1, reference: "seg_a", name: "Segmentation A" },
      createdBy: { id: 2, reference: "emp-002" },
      paymentTypes: [
        { id: 7, reference: "cash", name: "cash" },
        { id: 8, reference: "cheque", name: "cheque" },
      ],
      region: { id: 2, name: "California" },
      organizationSlug: "entity1",
      creditLimit: 5000,
      dateCreated: new Date("2015-12-17T23:00:00Z"),
    });
  });

  it("never shows a customer to another organization", async () => {
    expect(await findCustomerView(handle.db, { organizationId: 2, lookup: { id: 256 } })).toBeUndefined();
    expect(await findCustomerRecord(handle.db, { organizationId: 2, lookup: { reference: "NC-3" } })).toBeUndefined();
  });

  it("reads many customers' views in the order of their ids, as each alone, and none of another organization", async () => {
    const otherOrganizations = await handle.db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.organizationId, 2))
      .limit(1);
    const ids = [258, 256, otherOrganizations[0]!.id, 257, 999_999];
    const views = await findCustomerViews(handle.db, { organizationId: 1, ids });
    expect(views.map((view) => view.id)).toEqual([258, 256, 257]);
    for (const view of views) {
      const alone = await findCustomerView(handle.db, { organizationId: 1, lookup: { id: view.id } });
      expect(JSON.stringify(view)).toBe(JSON.stringify(alone));
    }
    expect(await findCustomerViews(handle.db, { organizationId: 1, ids: [] })).toEqual([]);
  });

  it("refuses a reference already used in the organization, whatever the driver says", async () => {
    const current = (await findCustomerRecord(handle.db, { organizationId: 1, lookup: { id: 256 } }))!;
    const other = (await findCustomerRecord(handle.db, { organizationId: 1, lookup: { reference: "NC-001" } }))!;
    const attempt = saveCustomerChanges(handle.db, {
      current: other,
      next: { ...other, reference: current.reference },
      now: new Date(),
      history: noHistory,
    });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "not_unique", message: "reference already used" });
  });

  it("lets two organizations use the same reference", async () => {
    const entity2Customer = (await findCustomerRecord(handle.db, { organizationId: 2, lookup: { reference: "E2-001" } }))!;
    await saveCustomerChanges(handle.db, {
      current: entity2Customer,
      next: { ...entity2Customer, reference: "NC-3" },
      now: new Date(),
      history: noHistory,
    });
    const [row] = await handle.db.select().from(customers).where(eq(customers.id, entity2Customer.id));
    expect(row!.reference).toBe("NC-3");
    expect(row!.version).toBe(2);
  });

  it("lets exactly one of two concurrent writes take the same reference", async () => {
    const a = (await findCustomerRecord(handle.db, { organizationId: 1, lookup: { reference: "NC-004" } }))!;
    const b = (await findCustomerRecord(handle.db, { organizationId: 1, lookup: { reference: "NC-005" } }))!;
    const take = (customer: typeof a) =>
      handle.db.transaction(async (tx) => {
        await saveCustomerChanges(tx, { current: customer, next: { ...customer, reference: "TAKEN-1" }, now: new Date(), history: noHistory });
      });
    const results = await Promise.allSettled([take(a), take(b)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "not_unique" });
    const holders = await handle.db.select().from(customers).where(eq(customers.reference, "TAKEN-1"));
    expect(holders).toHaveLength(1);
  });

  it("replaces the whole set of payment types", async () => {
    const current = (await findCustomerRecord(handle.db, { organizationId: 1, lookup: { id: 256 } }))!;
    expect(current.paymentTypeIds).toEqual([7, 8]);
    await saveCustomerChanges(handle.db, { current, next: { ...current, paymentTypeIds: [9, 8] }, now: new Date(), history: noHistory });
    const after = await findCustomerRecord(handle.db, { organizationId: 1, lookup: { id: 256 } });
    expect(after!.paymentTypeIds).toEqual([8, 9]);
  });

  it("writes only the changed columns, the version, the time and the history's entries, in order", async () => {
    const current = (await findCustomerRecord(handle.db, { organizationId: 1, lookup: { reference: "NC-009" } }))!;
    const [before] = await handle.db.select().from(customers).where(eq(customers.id, current.id));
    const now = new Date("2026-12-01T10:00:00.123Z");
    const changes = [
      { field: "name", oldValue: current.name, newValue: "Renamed" },
      { field: "creditLimit", oldValue: null, newValue: "12.5" },
    ];
    const saved = await saveCustomerChanges(handle.db, {
      current,
      next: { ...current, name: "Renamed", creditLimit: 12.5, comment: null },
      now,
      history: { userId: 2, channel: "ui", changes },
    });
    const [after] = await handle.db.select().from(customers).where(eq(customers.id, current.id));
    expect(saved).toEqual({ version: before!.version + 1 });
    expect(after).toEqual({ ...before, name: "Renamed", creditLimit: 12.5, comment: null, version: saved.version, lastUpdated: now });
    const entries = await handle.db
      .select()
      .from(customerHistory)
      .where(eq(customerHistory.customerId, current.id))
      .orderBy(customerHistory.id);
    expect(entries.map(({ field, oldValue, newValue, userId, channel, changedAt }) => ({ field, oldValue, newValue, userId, channel, changedAt }))).toEqual(
      changes.map((change) => ({ ...change, userId: 2, channel: "ui", changedAt: now })),
    );
  });

  it("writes while the customer is at the version it was read at, and nothing at all once another write moved it on", async () => {
    const read = (await findCustomerView(handle.db, { organizationId: 2, lookup: { reference: "E2-005" } }))!;
    const current = (await findCustomerRecord(handle.db, { organizationId: 2, lookup: { id: read.id } }))!;
    expect(current.paymentTypeIds).toEqual([10]);
    const change = (comment: string, paymentTypeIds: number[]) => ({
      current,
      next: { ...current, comment, paymentTypeIds },
      now: new Date(),
      history: { userId: null, channel: "api" as const, changes: [{ field: "comment", oldValue: current.comment, newValue: comment }] },
      expectedVersion: read.version,
    });
    const historyOf = () => handle.db.select().from(customerHistory).where(eq(customerHistory.customerId, read.id));

    expect(await saveCustomerChangesIfUnchanged(handle.db, change("first", []))).toEqual({ version: read.version + 1 });
    const [stored] = await handle.db.select().from(customers).where(eq(customers.id, read.id));
    const history = await historyOf();

    // the same read again: the stored customer is one version on
    expect(await saveCustomerChangesIfUnchanged(handle.db, change("second", [10]))).toBeUndefined();
    expect((await handle.db.select().from(customers).where(eq(customers.id, read.id)))[0]).toEqual(stored);
    expect(await historyOf()).toEqual(history);
    expect((await findCustomerRecord(handle.db, { organizationId: 2, lookup: { id: read.id } }))!.paymentTypeIds).toEqual([]);
  });

  it("writes nothing into another organization's customer", async () => {
    const current = (await findCustomerRecord(handle.db, { organizationId: 1, lookup: { reference: "NC-010" } }))!;
    const attempt = saveCustomerChanges(handle.db, {
      current: { ...current, organizationId: 2 },
      next: { ...current, organizationId: 2, name: "Taken over" },
      now: new Date(),
      history: noHistory,
    });
    await expect(attempt).rejects.toThrow(/not in organization 2/);
    expect((await findCustomerRecord(handle.db, { organizationId: 1, lookup: { reference: "NC-010" } }))!.name).toBe(current.name);
  });

  describe("saving many customers in one statement", () => {
    const recordOf = async (reference: string) =>
      (await findCustomerRecord(handle.db, { organizationId: 1, lookup: { reference } }))!;
    const rowOf = async (id: number) => (await handle.db.select().from(customers).where(eq(customers.id, id)))[0]!;
    const historyOf = async (id: number) =>
      (await handle.db.select().from(customerHistory).where(eq(customerHistory.customerId, id)).orderBy(customerHistory.id)).map(
        ({ field, oldValue, newValue, userId, channel, changedAt }) => ({ field, oldValue, newValue, userId, channel, changedAt }),
      );

    it("writes each customer's own columns, payment types and history, and answers each new version", async () => {
      const [first, second] = [await recordOf("NC-011"), await recordOf("NC-012")];
      const [firstBefore, secondBefore] = [await rowOf(first.id), await rowOf(second.id)];
      const now = new Date("2026-12-01T13:00:00.456Z");
      const firstChanges = [{ field: "name", oldValue: first.name, newValue: "Bulk renamed" }];
      const secondChanges = [
        { field: "onHold", oldValue: "false", newValue: "true" },
        { field: "creditLimit", oldValue: null, newValue: "99.99" },
      ];
      const versions = await saveManyCustomerChanges(handle.db, {
        organizationId: 1,
        now,
        author: { userId: 2, channel: "import" },
        customers: [
          { current: first, next: { ...first, name: "Bulk renamed", comment: null, paymentTypeIds: [7] }, changes: firstChanges },
          {
            current: second,
            next: { ...second, onHold: true, onHoldReason: "Unpaid invoices", creditLimit: 99.99, billingLat: -33.5 },
            changes: secondChanges,
          },
        ],
      });

      expect(versions).toEqual(new Map([[first.id, firstBefore.version + 1], [second.id, secondBefore.version + 1]]));
      expect(await rowOf(first.id)).toEqual({
        ...firstBefore,
        name: "Bulk renamed",
        comment: null,
        version: firstBefore.version + 1,
        lastUpdated: now,
      });
      expect(await rowOf(second.id)).toEqual({
        ...secondBefore,
        onHold: true,
        onHoldReason: "Unpaid invoices",
        creditLimit: 99.99,
        billingLat: -33.5,
        version: secondBefore.version + 1,
        lastUpdated: now,
      });
      expect((await recordOf("NC-011")).paymentTypeIds).toEqual([7]);
      expect((await recordOf("NC-012")).paymentTypeIds).toEqual(second.paymentTypeIds);
      const author = { userId: 2, channel: "import", changedAt: now };
      expect(await historyOf(first.id)).toEqual(firstChanges.map((change) => ({ ...change, ...author })));
      expect(await historyOf(second.id)).toEqual(secondChanges.map((change) => ({ ...change, ...author })));
    });

    it("writes nothing when one customer's values cannot be stored", async () => {
      const [first, second] = [await recordOf("NC-002"), await recordOf("NC-003")];
      const before = [await rowOf(first.id), await rowOf(second.id)];
      const save = (nextOfSecond: typeof second) =>
        saveManyCustomerChanges(handle.db, {
          organizationId: 1,
          now: new Date(),
          author: { userId: null, channel: "api" },
          customers: [
            { current: first, next: { ...first, name: "Not kept" }, changes: [] },
            { current: second, next: nextOfSecond, changes: [] },
          ],
        });

      await expect(save({ ...second, reference: first.reference })).rejects.toMatchObject({ code: "not_unique", message: "reference already used" });
      // the column's length is checked as any write checks it (the domain refuses such values first)
      await expect(save({ ...second, currency: "EURO" })).rejects.toMatchObject({ cause: { message: expect.stringMatching(/too long/) } });
      await expect(save({ ...second, organizationId: 2, name: "Taken over" })).rejects.toThrow(/not in organization 1/);
      expect([await rowOf(first.id), await rowOf(second.id)]).toEqual(before);
    });
  });

  it("lists the ancestors of a sub-customer, nearest first", async () => {
    const [child, parent, grandParent] = await Promise.all(
      ["NC-006", "NC-007", "NC-008"].map((reference) =>
        findCustomerRecord(handle.db, { organizationId: 1, lookup: { reference } }),
      ),
    );
    await saveCustomerChanges(handle.db, {
      current: parent!,
      next: { ...parent!, isSubCustomer: true, parentCustomerId: grandParent!.id },
      now: new Date(),
      history: noHistory,
    });
    await saveCustomerChanges(handle.db, {
      current: child!,
      next: { ...child!, isSubCustomer: true, parentCustomerId: parent!.id },
      now: new Date(),
      history: noHistory,
    });
    expect(await findAncestorIds(handle.db, { organizationId: 1, customerId: child!.id })).toEqual([
      parent!.id,
      grandParent!.id,
    ]);
  });

  it("pages through a search without repeating or skipping a customer", async () => {
    const seen: number[] = [];
    let total = 0;
    for (let offset = 0; ; offset += 5) {
      const page = await searchCustomers(handle.db, { organizationId: 1, sort: "name", limit: 5, offset });
      total = page.total;
      if (page.items.length === 0) break;
      seen.push(...page.items.map((item) => item.id));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);

    const found = await searchCustomers(handle.db, { organizationId: 1, search: "marie's jew", limit: 10, offset: 0 });
    expect(found.items.map((item) => item.id)).toContain(256);
  });
});
