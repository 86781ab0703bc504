/**
 * The change feed under concurrent writers, on a PostgreSQL server (where
 * transactions really commit out of the order of their events' ids): 20
 * writers update customers for 20 s, single updates and batches, often the
 * same customer at once (the guarded write overtaken, then the locked one);
 * a reader polls the feed every 10 ms, resuming from its last cursor. What it
 * read must be exactly the committed changes: no gap, no duplicate. Five
 * rounds, each on a new database.
 *
 * Not asserted: each customer's versions in the order they were committed.
 * The feed's order is its transactions' ids, given when a transaction first
 * writes: a batch that took its id, then waited for a customer another update
 * held, commits that customer's next version under an older id. Receivers
 * drop a stale event by its `version` (README, "Integrations").
 *
 * On the embedded database one connection serializes every transaction:
 * nothing commits out of order, so the file runs in the PostgreSQL suite only
 * (vitest.config.ts).
 */
import { setTimeout as sleep } from "node:timers/promises";

import { decodeEventFeedQuery, encodeEventCursor } from "@cr/domain";
import { findCustomerIdsMatching, findUserForLogin } from "@cr/db/repositories";
import { afterEach, describe, expect, it } from "vitest";

import { listCustomerEvents } from "~/server/services/list-customer-events";
import { updateCustomer } from "~/server/services/update-customer";
import { updateCustomers } from "~/server/services/update-customers";

import { startTestServer, type TestServer } from "./support/test-server";

const ROUNDS = 5;
const WRITERS = 20;
const WRITE_MS = 20_000;
const POLL_MS = 10;
const CUSTOMERS = 12;

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the change feed while 20 writers commit out of order", () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: the reader sees every committed change exactly once`, { timeout: 180_000 }, async () => {
      server = await startTestServer({ customersPerOrganization: CUSTOMERS });
      const deps = server.deps;
      const actor = { ...(await findUserForLogin(deps.db, "admin@entity1.test"))!, tokenScope: null };
      const customerIds = (await findCustomerIdsMatching(deps.db, { organizationId: 1, filter: {}, limit: CUSTOMERS })).map(({ id }) => id);

      const committed: string[] = [];
      let writing = true;
      let sequence = 0;
      const writer = async (index: number) => {
        while (writing) {
          const pick = () => customerIds[Math.floor(Math.random() * customerIds.length)]!;
          const comment = () => `writer ${index} change ${sequence++}`;
          if (index % 4 === 0) {
            const batch = [...new Set([pick(), pick(), pick()])];
            const outcomes = await updateCustomers({
              deps,
              actor,
              channel: "api",
              atomic: false,
              items: batch.map((id) => ({ lookup: { id }, patch: { comment: comment() } })),
            });
            for (const outcome of outcomes) if (outcome.status === "updated") committed.push(`${outcome.customer.id}@${outcome.customer.version}`);
          } else {
            const customer = await updateCustomer({ deps, actor, lookup: { id: pick() }, patch: { comment: comment() }, channel: "api" });
            committed.push(`${customer.id}@${customer.version}`);
          }
        }
      };

      const read: string[] = [];
      let cursor: string | undefined;
      const poll = async () => {
        const page = await listCustomerEvents({ deps, actor, query: decodeEventFeedQuery(cursor ? [["after", cursor], ["max", "500"]] : [["max", "500"]]) });
        cursor = encodeEventCursor(page.position);
        for (const event of page.events) {
          const data = event.data as { customerId: number; version: number };
          read.push(`${data.customerId}@${data.version}`);
        }
        return page.events.length;
      };
      // the seed's own writes are no events: the feed starts empty
      let reading = true;
      const reader = (async () => {
        while (reading) {
          await poll();
          await sleep(POLL_MS);
        }
      })();

      const writers = Array.from({ length: WRITERS }, (_, index) => writer(index));
      await sleep(WRITE_MS);
      writing = false;
      await Promise.all(writers);
      // every writer is done: the reader catches up, then finds nothing more
      await expect.poll(() => read.length, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(committed.length);
      reading = false;
      await reader;
      expect(await poll()).toBe(0);

      expect(committed.length).toBeGreaterThan(200);
      const duplicates = read.filter((entry, index) => read.indexOf(entry) !== index);
      expect(duplicates).toEqual([]);
      const committedSet = new Set(committed);
      const readSet = new Set(read);
      expect({ notRead: committed.filter((entry) => !readSet.has(entry)), notCommitted: read.filter((entry) => !committedSet.has(entry)) }).toEqual({
        notRead: [],
        notCommitted: [],
      });
    });
  }
});
