import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "../client";
import { seedDemoData } from "../seed";
import { createTestDatabase, testDatabaseKind } from "../testing";
import { createUser, findUserForLogin } from "./auth-repository";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 1 });
});

afterAll(async () => {
  await handle?.close();
});

describe(`login names on ${testDatabaseKind}`, () => {
  it("finds a user by any case and surrounding spaces of the e-mail", async () => {
    expect(await findUserForLogin(handle.db, "  Admin@Entity1.TEST ")).toMatchObject({ id: 1, email: "admin@entity1.test" });
  });

  // lower('admİn') is 'admin' under the C.UTF-8 locale of the test server and of PGlite
  it("does not find `admİn` (dotted capital I) as admin, whatever the database's lower() says", async () => {
    expect(await findUserForLogin(handle.db, "admİn@entity1.test")).toBeUndefined();
  });

  it("stores a new user's e-mail normalized, so that the lookup finds it", async () => {
    await createUser(handle.db, {
      organizationId: 1,
      email: " Ana.Lima@Entity1.TEST",
      password: "ana-password",
      reference: "emp-ana",
    });
    expect(await findUserForLogin(handle.db, "ana.lima@entity1.test")).toMatchObject({ email: "ana.lima@entity1.test" });
  });

  it("finds no user for an e-mail with a NUL character, which PostgreSQL text cannot hold", async () => {
    // the query failed before: the login answered 500 instead of "Bad credentials"
    expect(await findUserForLogin(handle.db, "admin@entity1.test\u0000")).toBeUndefined();
    expect(await findUserForLogin(handle.db, "\u0000")).toBeUndefined();
  });
});
