import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "../client";
import { seedDemoData } from "../seed";
import { createTestDatabase, testDatabaseKind } from "../testing";
import { findUserForLogin } from "./auth-repository";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 1 });
});

afterAll(async () => {
  await handle?.close();
});

describe(`auth repository on ${testDatabaseKind}`, () => {
  it("finds a login's user by e-mail in any letter case", async () => {
    expect(await findUserForLogin(handle.db, "Admin@Entity1.test")).toMatchObject({ id: 1, email: "admin@entity1.test" });
  });

  it("finds no user for an e-mail with a NUL character, which PostgreSQL text cannot hold", async () => {
    // the query failed before: the login answered 500 instead of "Bad credentials"
    expect(await findUserForLogin(handle.db, "admin@entity1.test\u0000")).toBeUndefined();
    expect(await findUserForLogin(handle.db, "\u0000")).toBeUndefined();
  });
});
