/**
 * `pnpm bench:feed`: the change feed's page read (`GET /api/v2.1/events`,
 * through its service) over one organization with many events, on the
 * embedded database or on the PostgreSQL server of DATABASE_URL. The issue's
 * size:
 *
 *   DATABASE_URL=postgres://... pnpm bench:feed --events 1000000 --rounds 100
 */
import os from "node:os";
import { parseArgs } from "node:util";

import { decodeEventFeedQuery, encodeEventCursor } from "@cr/domain";
import { findUserForLogin } from "@cr/db/repositories";
import { customerEventPositionAt, seedBulkCustomerEvents, seedDemoData } from "@cr/db/seed";
import { createTestDatabase, testDatabaseKind } from "@cr/db/testing";

import { createServerDeps } from "../src/server/deps";
import { createLocalPictureStorage } from "../src/server/pictures/picture-storage";
import { listCustomerEvents } from "../src/server/services/list-customer-events";
import { wholeNumberOption } from "./support/command-line";

const defaults = { events: 100_000, rounds: 50 };
const usage = `pnpm bench:feed [options]
  --events N   events of the organization (${defaults.events})
  --rounds N   measured reads of each case (${defaults.rounds})`;

const { values } = parseArgs({ options: { events: { type: "string" }, rounds: { type: "string" }, help: { type: "boolean" } } });
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const events = wholeNumberOption(usage, "events", values.events, defaults.events);
const rounds = wholeNumberOption(usage, "rounds", values.rounds, defaults.rounds);

const whole = (value: number) => value.toLocaleString("en");
const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

const database = await createTestDatabase();
try {
  process.stderr.write(`event feed: seeding ${whole(events)} events on ${testDatabaseKind}\n`);
  await seedDemoData(database.db, { adminPassword: "bench-password", customersPerOrganization: 10 });
  await seedBulkCustomerEvents(database.db, { organizationId: 1, count: events, customerId: 256 });
  const deps = createServerDeps({
    db: database.db,
    pictureStorage: createLocalPictureStorage({ rootDir: os.tmpdir() }),
    config: { publicBaseUrl: "http://bench.test", sessionTtlHours: 1, maxRequestBytes: 3 * 1024 * 1024 },
    rateLimitPerMinute: 1_000_000,
  });
  const actor = { ...(await findUserForLogin(database.db, "admin@entity1.test"))!, tokenScope: null };
  const positionAt = async (offset: number) => encodeEventCursor(await customerEventPositionAt(database.db, { organizationId: 1, offset }));
  const cases = [
    { name: "the first page (no `after`)", after: undefined },
    { name: `a page from the middle (after event ${whole(Math.floor(events / 2))})`, after: await positionAt(Math.floor(events / 2)) },
    { name: "the last page (the reader caught up)", after: await positionAt(events - 50) },
  ];
  const lines = ["| page | max | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"];
  for (const { name, after } of cases) {
    for (const max of [100, 500]) {
      const query = decodeEventFeedQuery([...(after ? [["after", after] as const] : []), ["max", String(max)] as const]);
      const timings: number[] = [];
      for (let round = 0; round < rounds + 3; round++) {
        const started = performance.now();
        // the service and the JSON text, as the feed's answer
        JSON.stringify(await listCustomerEvents({ deps, actor, query }));
        if (round >= 3) timings.push(performance.now() - started);
      }
      timings.sort((a, b) => a - b);
      const ms = (value: number) => value.toFixed(1);
      lines.push(`| ${name} | ${max} | ${ms(percentile(timings, 0.5))} | ${ms(percentile(timings, 0.95))} | ${ms(timings.at(-1)!)} |`);
    }
  }
  console.log(
    [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node ${process.version}, ${testDatabaseKind}.`,
      "",
      `\`pnpm bench:feed --events ${events} --rounds ${rounds}\``,
      "",
      ...lines,
    ].join("\n"),
  );
} finally {
  await database.close();
}
