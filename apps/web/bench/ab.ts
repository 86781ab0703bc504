/**
 * `pnpm bench:ab`: two production builds of the app measured in turns on one
 * database, to tell what a change gains on a machine whose throughput swings
 * by tens of percent from one minute to the next (BENCHMARKS.md: the quick
 * `bench:api` gave the same build 402 then 648 req/s). Each round starts each
 * build in turn and drives the same lines with wrk; the table shows every
 * round and the ratio of the means.
 *
 *   git worktree add /tmp/before <rev> && (cd /tmp/before && pnpm install && pnpm build)
 *   pnpm build && pnpm bench:ab --build before=/tmp/before/apps/web --build after=apps/web
 *
 * A build is a built apps/web folder (its `dist/server.js` and `.next`),
 * started with its own `node_modules`, so a change of a dependency or of its
 * patch is measured too. Both builds share one database, migrated with this
 * checkout's migrations: compare builds of the same schema.
 *
 * One folder may run as two builds with different settings, e.g. the pool's size:
 *   pnpm bench:ab --build p10=apps/web --build p20=apps/web --env p20:DATABASE_POOL_SIZE=20
 * or the pool behind a transaction pooler (a PgBouncer in front of the same cluster):
 *   pnpm bench:ab --build direct=apps/web --build pooled=apps/web --pgbouncer pooled
 */
import path from "node:path";
import { parseArgs } from "node:util";

import { startPgbouncer } from "@cr/db/testing-pgbouncer";

import { signInToBuiltApp, startBuiltApp } from "../test/support/built-app";
import { BENCH_PASSWORD, BENCH_RATE_LIMIT_PER_MINUTE, startBenchDatabase } from "./api/bench-database";
import { runLoad, stopRunningLoad } from "./api/wrk";
import { scenarios } from "./legacy-api";
import { exitWithUsage, wholeNumberOption } from "./support/command-line";
import { megabytes, nextServerPid, sampleRss, waitUntilIdle } from "../test/support/process-usage";

const usage = `pnpm bench:ab --build NAME=DIR --build NAME=DIR [options]
  --build NAME=DIR     a built apps/web folder, named for the table (two or more; the first is the base)
  --env NAME:KEY=VALUE an environment variable of build NAME's server (NODE_OPTIONS too; repeatable)
  --pgbouncer NAME     build NAME reaches the database through PgBouncer in transaction mode (repeatable)
  --lines A,B          the lines, among ${scenarios.map((scenario) => scenario.key).join(", ")} (update,show,list,trpc-update)
  --rounds N           rounds, each build once per round (3)
  --seconds N          measured seconds of each line (8)
  --warmup-seconds N   warm-up before each line (3)
  --connections N      wrk connections (16)
  --customers N        customers of the organization the load picks from (1000)`;

const { values } = parseArgs({
  options: {
    build: { type: "string", multiple: true },
    env: { type: "string", multiple: true },
    pgbouncer: { type: "string", multiple: true },
    lines: { type: "string" },
    rounds: { type: "string" },
    seconds: { type: "string" },
    "warmup-seconds": { type: "string" },
    connections: { type: "string" },
    customers: { type: "string" },
    help: { type: "boolean" },
  },
});

const fail = (message: string) => exitWithUsage(usage, message);

if (values.help) {
  console.log(usage);
  process.exit(0);
}
const builds = (values.build ?? []).map((spec) => {
  const at = spec.indexOf("=");
  if (at < 1) fail(`--build takes NAME=DIR, not ${spec}`);
  // relative to where pnpm was run (it runs the script in apps/web)
  return { name: spec.slice(0, at), dir: path.resolve(process.env.INIT_CWD ?? process.cwd(), spec.slice(at + 1)) };
});
if (builds.length < 2) fail("give two builds or more");
if (new Set(builds.map((build) => build.name)).size < builds.length) fail("give each build a name of its own");
const envOf = new Map<string, Record<string, string>>(builds.map((build) => [build.name, {}]));
for (const spec of values.env ?? []) {
  const [, name = "", key = "", value = ""] =
    /^([^:]+):([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(spec) ?? fail(`--env takes NAME:KEY=VALUE, not ${spec}`);
  const buildEnv = envOf.get(name) ?? fail(`--env names no build: ${spec}`);
  buildEnv[key] = value;
}
const pooledBuilds = new Set(values.pgbouncer ?? []);
for (const name of pooledBuilds) if (!envOf.has(name)) fail(`--pgbouncer names no build: ${name}`);
const lines = (values.lines ?? "update,show,list,trpc-update").split(",").map((key) => {
  const scenario = scenarios.find((candidate) => candidate.key === key.trim());
  return scenario ?? fail(`no line ${key}`);
});
const rounds = wholeNumberOption(usage, "rounds", values.rounds, 3, 1);
const seconds = wholeNumberOption(usage, "seconds", values.seconds, 8, 1);
const warmupSeconds = wholeNumberOption(usage, "warmup-seconds", values["warmup-seconds"], 3, 0);
const connections = wholeNumberOption(usage, "connections", values.connections, 16, 1);
const customers = wholeNumberOption(usage, "customers", values.customers, 1_000, 1);

const progress = (message: string) => process.stderr.write(`[bench:ab] ${message}\n`);
const cleanups: (() => Promise<unknown>)[] = [];
const teardown = async () => {
  stopRunningLoad();
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
};
process.once("SIGINT", () => void teardown().finally(() => process.exit(130)));

/** Requests per second, p99 and the server's peak RSS of each round, by build, then line. */
const measured = new Map<string, Map<string, { requestsPerSecond: number; p99Ms: number; rssPeakKiB: number }[]>>();

try {
  progress("starting a PostgreSQL 15 cluster, migrating and seeding");
  const database = await startBenchDatabase(cleanups, { customers });
  // as the README sets up the app behind one: unnamed statements, migrations on the direct session
  let pooledEnv: Record<string, string> = {};
  if (pooledBuilds.size > 0) {
    progress("starting PgBouncer (pool_mode = transaction) in front of the cluster");
    // as many server connections as a pool of 10 and the load's 16 clients could want: the pooler never makes them wait
    const pooler = await startPgbouncer(database.url, { poolSize: 20 });
    cleanups.push(() => pooler.stop());
    pooledEnv = { DATABASE_URL: pooler.url(), DATABASE_DIRECT_URL: database.url, DATABASE_PREPARED_STATEMENTS: "false" };
  }
  for (let round = 1; round <= rounds; round++) {
    for (const build of builds) {
      progress(`round ${round} of ${rounds}: ${build.name}`);
      const app = await startBuiltApp({
        password: BENCH_PASSWORD,
        appDir: build.dir,
        env: {
          ...envOf.get(build.name),
          DATABASE_URL: database.url,
          ...(pooledBuilds.has(build.name) && pooledEnv),
          RATE_LIMIT_PER_MINUTE: BENCH_RATE_LIMIT_PER_MINUTE,
        },
      });
      try {
        const pid = nextServerPid(app.server.pid!);
        const cookie = `JSESSIONID=${await signInToBuiltApp(app)}`;
        for (const line of lines) {
          const target = { ...line.target, baseUrl: app.baseUrl, ids: database.ids, cookie };
          if (warmupSeconds > 0) await runLoad(target, { connections, seconds: warmupSeconds });
          await waitUntilIdle(pid);
          const rss = sampleRss(pid);
          const result = { ...(await runLoad(target, { connections, seconds })), rssPeakKiB: rss.stop() };
          if (result.non2xx + result.socketErrors > 0) {
            throw new Error(`${build.name}, ${line.key}: ${result.non2xx} answers of 400 or more, ${result.socketErrors} socket errors`);
          }
          const byLine = measured.get(build.name) ?? new Map();
          measured.set(build.name, byLine);
          byLine.set(line.key, [...(byLine.get(line.key) ?? []), result]);
        }
      } finally {
        await app.stop();
      }
    }
  }
} finally {
  await teardown();
}

const mean = (numbers: number[]) => numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
const whole = (value: number) => Math.round(value).toLocaleString("en");
const [first, last] = [builds[0]!, builds.at(-1)!];
const runsOf = (build: string, line: string) => measured.get(build)!.get(line)!;
console.log(
  [
    `Measured ${new Date().toISOString()}: \`pnpm bench:ab ${builds.map((build) => `--build ${build.name}=${build.dir}`).join(" ")}${(values.env ?? []).map((spec) => ` --env ${spec}`).join("")}${[...pooledBuilds].map((name) => ` --pgbouncer ${name}`).join("")} --lines ${lines.map((line) => line.key).join(",")} --rounds ${rounds} --seconds ${seconds} --warmup-seconds ${warmupSeconds} --connections ${connections} --customers ${customers}\``,
    "",
    `| line | ${builds.map((build) => `${build.name}: req/s by round (p99, server's peak RSS)`).join(" | ")} | ${last.name} / ${first.name} |`,
    `|---|${builds.map(() => "---|").join("")}---|`,
    ...lines.map((line) => {
      const cells = builds.map((build) =>
        runsOf(build.name, line.key)
          .map((run) => `${whole(run.requestsPerSecond)} (${whole(run.p99Ms)} ms, ${megabytes(run.rssPeakKiB)})`)
          .join(", "),
      );
      const ratio =
        mean(runsOf(last.name, line.key).map((run) => run.requestsPerSecond)) /
        mean(runsOf(first.name, line.key).map((run) => run.requestsPerSecond));
      return `| ${line.name} | ${cells.join(" | ")} | ${ratio.toFixed(2)} |`;
    }),
  ].join("\n"),
);
