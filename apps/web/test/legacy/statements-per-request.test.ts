/**
 * What one request costs the database, counted as the driver sends it
 * (BEGIN and COMMIT included), on PGlite and on a PostgreSQL server. The
 * update sends: the credential's lookup (user and organization), the
 * customer with everything its answer shows, one write (columns, payment
 * types, history) that applies only while the customer is still as read; the
 * answer is built from what was read and written. References named by the
 * patch add their lookups. A patch that gives a parent runs in a transaction
 * with the customer locked (see updateCustomer).
 */
import { findUserForLogin } from "@cr/db/repositories";
import { testDatabaseKind } from "@cr/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTRPCContext } from "~/server/trpc/init";
import { createCaller } from "~/server/trpc/root";

import { updateCustomers } from "~/server/services/update-customers";

import { createLegacyClient, sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let client: ReturnType<typeof createLegacyClient>;
let entity1: Record<string, string>;
let sent: string[] | undefined;

beforeAll(async () => {
  server = await startTestServer({ onStatement: (text) => sent?.push(text) });
  client = createLegacyClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
});

afterAll(async () => {
  await server?.close();
});

/** The statements sent while `run` runs. */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  sent = [];
  try {
    await run();
    return sent;
  } finally {
    sent = undefined;
  }
}

const fourFields = (n: number) =>
  new URLSearchParams({
    creditLimit: String(1000 + n),
    phone: `+33 4 93 00 00 ${n}`,
    email: `buyer${n}@shop.example`,
    comment: `Synced by the ERP, batch ${n}`,
  });

describe(`statements per request on ${testDatabaseKind}`, () => {
  it("updates four fields over the legacy door in 3 statements, none of them BEGIN", async () => {
    const statements = await statementsOf(async () => {
      const response = await client.call({ method: "POST", customer: { id: "256" }, headers: entity1, body: fourFields(1) });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ creditLimit: 1001, email: "buyer1@shop.example" });
    });
    expect(statements, statements.join("\n")).toHaveLength(3);
  });

  it("updates over tRPC in 3 statements, signing in included", async () => {
    const headers = new Headers(entity1);
    const statements = await statementsOf(async () => {
      const caller = createCaller(await createTRPCContext({ deps: server.deps, headers }));
      await caller.customer.update({ id: 256, patch: { creditLimit: 2002, comment: "from the form" } });
    });
    expect(statements, statements.join("\n")).toHaveLength(3);
  });

  it("writes nothing for an update that changes nothing: the lookup and the customer", async () => {
    const statements = await statementsOf(async () => {
      const response = await client.call({ method: "POST", customer: { id: "256" }, headers: entity1, body: fourFields(1) });
      expect(response.status).toBe(200);
    });
    await statementsOf(async () => {
      await client.call({ method: "POST", customer: { id: "256" }, headers: entity1, body: fourFields(1) });
    }).then((again) => expect(again, again.join("\n")).toHaveLength(2));
    expect(statements).toHaveLength(3);
  });

  it("gives a parent in one transaction, the tree and the customer locked, in 8 statements", async () => {
    const statements = await statementsOf(async () => {
      const response = await client.call({
        method: "POST",
        customer: { id: "257" },
        headers: entity1,
        body: new URLSearchParams({ parentCustomerId: "256", isSubCustomer: "true" }),
      });
      expect(response.status).toBe(200);
    });
    // the lookup, BEGIN, the tree's lock, the customer locked, the parent, its ancestors, the write, COMMIT
    expect(statements[1], statements.join("\n")).toMatch(/^begin/i);
    expect(statements.some((text) => /for update/i.test(text)), statements.join("\n")).toBe(true);
    expect(statements.at(-1), statements.join("\n")).toMatch(/^commit/i);
    expect(statements, statements.join("\n")).toHaveLength(8);
  });

  it("reads a customer over the legacy door in 2 statements", async () => {
    const statements = await statementsOf(async () => {
      const response = await client.call({ customer: { id: "256" }, headers: entity1 });
      expect(response.status).toBe(200);
    });
    expect(statements, statements.join("\n")).toHaveLength(2);
  });

  it("writes a batch of different customers in one statement, with no savepoint per item", async () => {
    const actor = (await findUserForLogin(server.deps.db, "admin@entity1.test"))!;
    const ids = [256, 257, 258, 259, 260, 261, 262, 263, 264, 265];
    const statements = await statementsOf(async () => {
      const outcomes = await updateCustomers({
        deps: server.deps,
        actor,
        channel: "api",
        atomic: false,
        // as a CSV import row sends them: every column, an empty parent clearing it
        items: ids.map((id) => ({ lookup: { id }, patch: { comment: `batch statement ${id}`, parentCustomerId: null } })),
      });
      expect(outcomes.map((outcome) => outcome.status)).toEqual(ids.map(() => "updated"));
    });
    // BEGIN, the customers read and locked at once, one savepoint, the write, its release, COMMIT
    // (postgres.js releases a savepoint without showing it to the statement log)
    expect(statements.filter((text) => /update "customers"/i.test(text)), statements.join("\n")).toHaveLength(1);
    expect(statements.length, statements.join("\n")).toBeLessThanOrEqual(6);
  });
});
