import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "../client";
import { seedDemoData } from "../seed";
import { createTestDatabase, testDatabaseKind } from "../testing";
import {
  findCustomerCategoryView,
  findCustomerSegmentationView,
  findPaymentTypeView,
  findRegionView,
  findUserView,
} from "./related-object-repository";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 1 });
});

afterAll(async () => {
  await handle?.close();
});

describe(`related object repository on ${testDatabaseKind}`, () => {
  it("finds a category by id or reference, with its parent", async () => {
    const expected = {
      id: 2,
      reference: "jewelry",
      name: "Jewelry and accessories",
      parent: { id: 1, reference: "root", name: "All customers" },
    };
    expect(await findCustomerCategoryView(handle.db, { organizationId: 1, lookup: { id: 2 } })).toEqual(expected);
    expect(await findCustomerCategoryView(handle.db, { organizationId: 1, lookup: { reference: "jewelry" } })).toEqual(expected);
    expect(await findCustomerCategoryView(handle.db, { organizationId: 1, lookup: { id: 1 } })).toMatchObject({ parent: null });
  });

  it("finds a region with its level and the enclosing region", async () => {
    expect(await findRegionView(handle.db, { organizationId: 1, lookup: { reference: "us-ca" } })).toEqual({
      id: 2,
      reference: "us-ca",
      name: "California",
      level: 2,
      parent: { id: 1, reference: "us", name: "United States" },
    });
  });

  it("shows a user without the password hash", async () => {
    expect(await findUserView(handle.db, { organizationId: 1, lookup: { id: 2 } })).toEqual({
      id: 2,
      reference: "emp-002",
      email: "sales@entity1.test",
      name: "Sam Sales",
    });
  });

  it("never finds another organization's object, by id or by reference", async () => {
    const entity2 = { organizationId: 2 };
    expect(await findCustomerCategoryView(handle.db, { ...entity2, lookup: { id: 2 } })).toBeUndefined();
    expect(await findCustomerSegmentationView(handle.db, { ...entity2, lookup: { id: 1 } })).toBeUndefined();
    expect(await findPaymentTypeView(handle.db, { ...entity2, lookup: { reference: "cheque" } })).toBeUndefined();
    expect(await findRegionView(handle.db, { ...entity2, lookup: { reference: "us-ca" } })).toBeUndefined();
    expect(await findUserView(handle.db, { ...entity2, lookup: { reference: "emp-002" } })).toBeUndefined();
  });

  it("resolves a reference that two organizations share to each one's own object", async () => {
    expect(await findCustomerSegmentationView(handle.db, { organizationId: 1, lookup: { reference: "seg_a" } })).toMatchObject({ id: 1 });
    expect(await findCustomerSegmentationView(handle.db, { organizationId: 2, lookup: { reference: "seg_a" } })).toEqual({
      id: 3,
      reference: "seg_a",
      name: "Key accounts",
    });
    expect(await findPaymentTypeView(handle.db, { organizationId: 2, lookup: { reference: "cash" } })).toMatchObject({ id: 10 });
  });
});
