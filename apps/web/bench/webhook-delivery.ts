/**
 * `pnpm bench:webhooks`: a burst of customer updates, each delivered by the
 * webhook worker to one subscribed endpoint, a local receiver answering every
 * delivery after 10 ms; prints how long after the last commit the last
 * delivery arrived. Then the update's throughput with that endpoint
 * subscribed against none, in alternating rounds of the same run (the worker
 * runs in the same process, as in the app). On the embedded database, or on
 * the PostgreSQL server of DATABASE_URL:
 *
 *   DATABASE_URL=postgres://... pnpm bench:webhooks --updates 1000
 */
import { once } from "node:events";
import { createServer } from "node:http";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";

import { findUserForLogin } from "@cr/db/repositories";
import { seedDemoData } from "@cr/db/seed";
import { createTestDatabase, testDatabaseKind } from "@cr/db/testing";

import { createServerDeps } from "../src/server/deps";
import { createLocalPictureStorage } from "../src/server/pictures/picture-storage";
import { updateCustomer } from "../src/server/services/update-customer";
import { createWebhookEndpoint } from "../src/server/services/webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "../src/server/services/webhooks/delete-webhook-endpoint";
import { startWebhookWorker } from "../src/server/webhooks/webhook-worker";
import { wholeNumberOption } from "./support/command-line";

const defaults = { updates: 1_000, writers: 16, roundSeconds: 5, rounds: 3 };
const usage = `pnpm bench:webhooks [options]
  --updates N        updates in the burst (${defaults.updates})
  --writers N        updates sent at once (${defaults.writers})
  --round-seconds N  length of each throughput round (${defaults.roundSeconds})
  --rounds N         throughput rounds of each kind, in turns (${defaults.rounds})`;
const { values } = parseArgs({
  options: {
    updates: { type: "string" },
    writers: { type: "string" },
    "round-seconds": { type: "string" },
    rounds: { type: "string" },
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const updates = wholeNumberOption(usage, "updates", values.updates, defaults.updates);
const writers = wholeNumberOption(usage, "writers", values.writers, defaults.writers);
const roundSeconds = wholeNumberOption(usage, "round-seconds", values["round-seconds"], defaults.roundSeconds);
const rounds = wholeNumberOption(usage, "rounds", values.rounds, defaults.rounds);
const RECEIVER_DELAY_MS = 10;

const received = new Set<string>();
let lastArrival = 0;
const receiver = createServer((request, response) => {
  const id = request.headers["webhook-id"];
  request.resume();
  request.on("end", () => {
    setTimeout(() => {
      if (typeof id === "string") received.add(id);
      lastArrival = performance.now();
      response.writeHead(204).end();
    }, RECEIVER_DELAY_MS);
  });
});
receiver.listen(0, "127.0.0.1");
await once(receiver, "listening");
const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;

const database = await createTestDatabase();
try {
  await seedDemoData(database.db, { adminPassword: "bench-password", customersPerOrganization: 50 });
  const deps = createServerDeps({
    db: database.db,
    pictureStorage: createLocalPictureStorage({ rootDir: os.tmpdir() }),
    config: { publicBaseUrl: "http://bench.test", sessionTtlHours: 1, maxRequestBytes: 3 * 1024 * 1024, webhooks: { allowPrivate: true } },
    rateLimitPerMinute: 1_000_000,
  });
  const admin = { ...(await findUserForLogin(database.db, "admin@entity1.test"))!, tokenScope: null };
  const subscribe = () => createWebhookEndpoint({ deps, actor: admin, endpoint: { url: receiverUrl, events: ["customer.updated"], description: "bench" } });
  let endpoint = await subscribe();
  // as in the app: the worker's default poll, sends and retries
  const worker = startWebhookWorker({ db: database.db, retrySchedule: [5, 300], allowPrivate: true });

  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < updates) {
        const index = next++;
        await updateCustomer({ deps, actor: admin, lookup: { id: 256 + (index % 10) }, patch: { comment: `burst ${index}` }, channel: "api" });
      }
    }),
  );
  const lastCommit = performance.now();
  const deadline = lastCommit + 60_000;
  while (received.size < updates && performance.now() < deadline) await sleep(20);
  const all = received.size >= updates;
  const delivered = received.size;
  const lastDelivery = lastArrival;

  /** Updates per second for `roundSeconds`, `writers` at once. */
  const throughput = async () => {
    let done = 0;
    const end = performance.now() + roundSeconds * 1000;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (performance.now() < end) {
          await updateCustomer({ deps, actor: admin, lookup: { id: 256 + (done % 10) }, patch: { comment: `round ${done++}` }, channel: "api" });
        }
      }),
    );
    return done / roundSeconds;
  };
  // in turns: without an endpoint, then with a new one (which starts at the feed's present)
  const without: number[] = [];
  const subscribed: number[] = [];
  await deleteWebhookEndpoint({ deps, actor: admin, endpointId: endpoint.id });
  for (let round = 0; round < rounds; round++) {
    without.push(await throughput());
    endpoint = await subscribe();
    subscribed.push(await throughput());
    await deleteWebhookEndpoint({ deps, actor: admin, endpointId: endpoint.id });
  }
  await worker.stop();
  const sum = (list: number[]) => list.reduce((total, value) => total + value, 0);
  const rate = (value: number) => Math.round(value).toLocaleString("en");
  console.log(
    [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node ${process.version}, ${testDatabaseKind}.`,
      "",
      `\`pnpm bench:webhooks --updates ${updates} --writers ${writers}\``,
      "",
      "| updates | writers | burst s | delivered | last delivery after the last commit |",
      "|---|---|---|---|---|",
      `| ${updates} | ${writers} | ${((lastCommit - started) / 1000).toFixed(1)} | ${delivered} | ${all ? `${((lastDelivery - lastCommit) / 1000).toFixed(2)} s` : "not all within 60 s"} |`,
      "",
      `Updates per second, ${writers} at once, rounds of ${roundSeconds} s in turns:`,
      "",
      "| rounds | no endpoint | one endpoint subscribed | ratio |",
      "|---|---|---|---|",
      `| ${rounds} + ${rounds} | ${without.map(rate).join(", ")} | ${subscribed.map(rate).join(", ")} | ${(sum(subscribed) / sum(without)).toFixed(2)} |`,
    ].join("\n"),
  );
} finally {
  await database.close();
  receiver.close();
}
