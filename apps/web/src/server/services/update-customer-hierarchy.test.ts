/**
 * Concurrent changes of the sub-customer tree. Each check reads the ancestors
 * that another transaction may be changing at the same moment, so these race
 * two updates many times, each round on a fresh chain of customers. On PGlite
 * (one connection) the races run one after the other; the PostgreSQL suite
 * is where they really interleave.
 */
import { AppError, errorTexts } from "@cr/domain";
import { findUserForLogin, listCustomerHistory } from "@cr/db/repositories";
import { customers } from "@cr/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLegacyClient, sessionCookie } from "../../../test/support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../../../test/support/test-server";
import { updateCustomer } from "./update-customer";

const ROUNDS = 50;

let server: TestServer;
let actor: Awaited<ReturnType<typeof findUserForLogin>> & {};
let chainCount = 0;

beforeAll(async () => {
  server = await startTestServer();
  actor = (await findUserForLogin(server.deps.db, "admin@entity1.test"))!;
});

afterAll(async () => {
  await server?.close();
});

/** `count` new top-level customers of entity1, ids in creation order. */
async function createCustomers(count: number): Promise<number[]> {
  chainCount += 1;
  const rows = await server.deps.db
    .insert(customers)
    .values(
      Array.from({ length: count }, (_, index) => ({
        organizationId: 1,
        reference: `RACE-${chainCount}-${index}`,
        name: `Race ${chainCount} customer ${index}`,
        categoryId: 2,
        currency: "USD",
      })),
    )
    .returning({ id: customers.id });
  return rows.map((row) => row.id);
}

async function storedParents(ids: number[]) {
  const rows = await server.deps.db
    .select({ id: customers.id, parentCustomerId: customers.parentCustomerId, version: customers.version })
    .from(customers);
  return new Map(rows.filter((row) => ids.includes(row.id)).map((row) => [row.id, row]));
}

/** The first customer of `ids` whose chain of parents comes back to itself, if any. */
function findCycle(parents: Map<number, { parentCustomerId: number | null }>, ids: number[]): number | undefined {
  return ids.find((start) => {
    let current = parents.get(start)?.parentCustomerId ?? null;
    for (let steps = 0; current !== null && steps <= parents.size; steps++) {
      if (current === start) return true;
      current = parents.get(current)?.parentCustomerId ?? null;
    }
    return false;
  });
}

const historyOf = (customerId: number) =>
  listCustomerHistory(server.deps.db, { organizationId: 1, customerId, limit: 100 });

describe("concurrent changes of the sub-customer tree", () => {
  it("never stores a cycle when two updates close a loop around an existing link", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // the report's 294, 295, 296: 295 is already a sub-customer of 296
      const [a, b, c] = (await createCustomers(3)) as [number, number, number];
      await updateCustomer({ deps: server.deps, actor, lookup: { id: b }, patch: { parentCustomerId: c }, channel: "api" });

      const results = await Promise.allSettled([
        updateCustomer({ deps: server.deps, actor, lookup: { id: a }, patch: { parentCustomerId: b }, channel: "api" }),
        updateCustomer({ deps: server.deps, actor, lookup: { id: c }, patch: { parentCustomerId: a }, channel: "api" }),
      ]);

      const parents = await storedParents([a, b, c]);
      expect(findCycle(parents, [a, b, c]), `round ${round}: a cycle was stored`).toBeUndefined();
      expect(results.filter((result) => result.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      const refusal = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
      expect(refusal.reason).toBeInstanceOf(AppError);
      expect(refusal.reason).toMatchObject({ code: "invalid_param", message: errorTexts.subCustomerOfOwnSubCustomer });

      // the refused customer is untouched: no parent, first version, no history
      const refused = results[0].status === "rejected" ? a : c;
      expect(parents.get(refused)).toMatchObject({ parentCustomerId: null, version: 1 });
      expect(await historyOf(refused)).toEqual([]);
    }
  });

  it("answers the cycle refusal, never a 500, when two customers are made each other's parent at once", async () => {
    const client = createLegacyClient(server.deps);
    const headers = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
    const setParent = (id: number, parentCustomerId: number) =>
      client.call({
        customer: { id: String(id) },
        method: "POST",
        headers,
        body: new URLSearchParams({ parentCustomerId: String(parentCustomerId) }),
      });

    for (let round = 0; round < ROUNDS; round++) {
      const [x, y] = (await createCustomers(2)) as [number, number];
      const responses = await Promise.all([setParent(x, y), setParent(y, x)]);
      const answers = await Promise.all(
        responses.map(async (response) => ({ status: response.status, body: (await response.json()) as unknown })),
      );

      expect(answers.map((answer) => answer.status).sort(), `round ${round}: ${JSON.stringify(answers)}`).toEqual([200, 400]);
      expect(answers.find((answer) => answer.status === 400)!.body).toEqual({
        error: "invalid_param",
        error_description: errorTexts.subCustomerOfOwnSubCustomer,
      });
      const parents = await storedParents([x, y]);
      expect(findCycle(parents, [x, y]), `round ${round}: a cycle was stored`).toBeUndefined();
      const refused = answers[0]!.status === 400 ? x : y;
      expect(parents.get(refused)).toMatchObject({ parentCustomerId: null, version: 1 });
      expect(await historyOf(refused)).toEqual([]);
    }
  });
});
