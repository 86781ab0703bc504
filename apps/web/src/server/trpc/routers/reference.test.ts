import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestServer, type TestServer, trpcCallerFor } from "../../../../test/support/test-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe("reference.options", () => {
  it("finds the organization's categories by name or reference", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    expect(await caller.reference.options({ kind: "category", search: "jewel" })).toEqual([
      { id: 2, reference: "jewelry", name: "Jewelry and accessories" },
    ]);
    expect(await caller.reference.options({ kind: "category", search: "FOOD" })).toEqual([
      { id: 3, reference: "food", name: "Food and groceries" },
    ]);
  });

  it("never offers another organization's objects", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity2.test");
    const paymentTypes = await caller.reference.options({ kind: "paymentType" });
    expect(paymentTypes.map((option) => option.id)).toEqual([10]);
  });

  it("offers regions only where geographic locations are on", async () => {
    const withRegions = await trpcCallerFor(server.deps, "admin@entity1.test");
    expect(await withRegions.reference.options({ kind: "region", search: "calif" })).toEqual([
      { id: 2, reference: "us-ca", name: "California" },
    ]);
    const withoutRegions = await trpcCallerFor(server.deps, "admin@entity2.test");
    expect(await withoutRegions.reference.options({ kind: "region" })).toEqual([]);
  });

  it("refuses a caller without a session", async () => {
    const caller = await trpcCallerFor(server.deps);
    await expect(caller.reference.options({ kind: "category" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses a search with a NUL character as a wrong type", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    await expect(caller.reference.options({ kind: "category", search: "jewel\u0000" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { code: "invalid_param_type", field: "search" },
    });
  });
});

describe("organization.current", () => {
  it("answers the settings the customer form depends on", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    expect(await caller.organization.current()).toMatchObject({
      slug: "entity1",
      defaultCurrency: "USD",
      currencies: ["USD", "EUR"],
      geoLocationsEnabled: true,
    });
  });

  it("refuses a caller without a session", async () => {
    const caller = await trpcCallerFor(server.deps);
    await expect(caller.organization.current()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
