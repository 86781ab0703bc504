/**
 * Throughput of the legacy API and of the tRPC door under load, against a
 * ceiling measured in the same run (`pnpm bench:api`, part of `pnpm bench`).
 *
 * It starts a PostgreSQL 15 cluster of its own, migrates and seeds a fresh
 * database, starts the production build (`pnpm start`'s server: the legacy
 * API served without Next, the rest through Next) and a bare
 * `node:http` + postgres.js server on it, and drives both with wrk from
 * 127.0.0.1. The bare server does the least any server must do for the same
 * request (one UPDATE of the same four columns, one SELECT); the same-work
 * server (api/same-work-server.ts) sends the app's own statements for it (the
 * credential, the customer, the write with its history), with no framework:
 * the app's throughput divided by theirs is robust to a busy machine, where
 * absolute figures are not, so both ceilings are measured right before and
 * right after the app's lines at each connection count.
 *
 * Also: the statements one update sends (from the server's log), a soak of the
 * legacy update (throughput and memory minute by minute), and the update in
 * an organization of many customers against the same run's 1,000.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { seedBulkCustomers } from "@cr/db/seed";

import { type BuiltApp, signInToBuiltApp, startBuiltApp, webDir } from "../test/support/built-app";
import { BENCH_ORGANIZATION_ID, BENCH_PASSWORD, BENCH_RATE_LIMIT_PER_MINUTE, startBenchDatabase } from "./api/bench-database";
import { type LoadResult, type LoadTarget, runLoad, stopRunningLoad } from "./api/wrk";
import { cpuTicks, cpuTicksOfTree, cpuTicksOfTreeSince, megabytes, nextServerPid, rssKiB, sampleRss, tcpConnectionsTo, waitUntilIdle } from "../test/support/process-usage";

export interface LegacyApiBenchOptions {
  /** Measured seconds of each load run. */
  seconds: number;
  /** Seconds of load before each measured run, not counted. */
  warmupSeconds: number;
  connections: number[];
  /** Minutes of the soak (one wrk run per minute); 0 skips it. */
  soakMinutes: number;
  /** Customers of the organization in the large-organization run; 1,000 or fewer skips it. */
  customers: number;
  /**
   * Measures each legacy line a second time through `next start` on the same
   * build and database, right after the production server's: what its door
   * gains, robust to a busy machine as the ceiling is.
   */
  versusNextStart: boolean;
}

export const legacyApiBenchDefaults: LegacyApiBenchOptions = {
  seconds: 10,
  warmupSeconds: 3,
  connections: [16, 256],
  soakMinutes: 2,
  customers: 100_000,
  versusNextStart: false,
};

/** The customers the load picks from: one organization's, as an ERP sync of one company sees them. */
const BASE_CUSTOMERS = 1_000;
/** Updates sent one by one while the server logs every statement. */
const COUNTED_UPDATES = 20;
/** The batch API's largest batch, against as many single updates. */
const BATCH_ITEMS = 500;
const BATCH_ROUNDS = 3;
/** `seedBulkCustomers` numbers references with six digits: seed at most this many per prefix. */
const BULK_CHUNK = 500_000;

type Ceiling = "update" | "get";
/** The two servers of the ceilings: one statement per request, or the app's statements (api/same-work-server.ts). */
type CeilingServer = "bare" | "sameWork";
const ceilingServers: CeilingServer[] = ["bare", "sameWork"];

export interface Scenario {
  /** Its name on the command line (`bench:ab --lines`). */
  key: string;
  name: string;
  target: Omit<LoadTarget, "baseUrl" | "ids" | "cookie">;
  ceiling?: Ceiling;
}

const trpcListInput = encodeURIComponent(JSON.stringify({ json: { search: "bak" } }));

/** The app's lines, in the order they run; `bench:ab` takes them by key. */
export const scenarios: Scenario[] = [
  { key: "update", name: "legacy update, form (`POST /api/v1.0/customers/{id}`)", target: { body: "form", path: "/api/v1.0/customers/{id}" }, ceiling: "update" },
  { key: "multipart", name: "legacy update, multipart without picture", target: { body: "multipart", path: "/api/v1.0/customers/{id}" }, ceiling: "update" },
  { key: "show", name: "legacy show (`GET /api/v1.0/customers/{id}`)", target: { body: "none", path: "/api/v1.0/customers/{id}" }, ceiling: "get" },
  { key: "list", name: "legacy list (`GET /api/v1.0/customers`, first 100)", target: { body: "none", path: "/api/v1.0/customers" } },
  { key: "trpc-update", name: "tRPC `customer.update`", target: { body: "trpc-update", path: "/api/trpc/customer.update" }, ceiling: "update" },
  { key: "trpc-list", name: "tRPC `customer.list`, search `bak`", target: { body: "none", path: `/api/trpc/customer.list?input=${trpcListInput}` } },
];

const isLegacy = (scenario: Scenario) => scenario.target.path.startsWith("/api/v1.0/");
const throughNextStart = (name: string) => `${name}, through \`next start\``;

const ceilings: Record<CeilingServer, Record<Ceiling, { name: string; target: Scenario["target"] }>> = {
  bare: {
    update: { name: "ceiling: bare update (`node:http` + postgres.js, one UPDATE)", target: { body: "form", path: "/customers/{id}" } },
    get: { name: "ceiling: bare show (one SELECT by id)", target: { body: "none", path: "/customers/{id}" } },
  },
  sameWork: {
    update: {
      name: "ceiling: same-work update (`node:http`, the app's statements: credential, customer, write with history)",
      target: { body: "form", path: "/customers/{id}" },
    },
    get: { name: "ceiling: same-work show (the app's statements: credential, customer)", target: { body: "none", path: "/customers/{id}" } },
  },
};
const ceilingScripts: Record<CeilingServer, string> = { bare: "bench/api/bare-server.ts", sameWork: "bench/api/same-work-server.ts" };

interface Measured extends LoadResult {
  rssPeakKiB: number;
  /** The server's CPU use during the run, in % of one core. */
  cpuPercent: number;
  /** PostgreSQL's (every process of the cluster), in % of one core. */
  databaseCpuPercent: number;
}

/** Runs the load while watching the server's memory and CPU, PostgreSQL's CPU (and `during`, sampled alike). */
async function runWatched(
  target: LoadTarget,
  processes: { server: number; database: number },
  load: { connections: number; seconds: number },
  during?: () => void,
): Promise<Measured> {
  const sampler = sampleRss(processes.server);
  const watcher = during && setInterval(during, 250);
  const ticksBefore = cpuTicks(processes.server);
  const databaseTicksBefore = cpuTicksOfTree(processes.database);
  const result = await runLoad(target, load).finally(() => clearInterval(watcher));
  // clock ticks are hundredths of a second: ticks per second is % of a core
  return {
    ...result,
    rssPeakKiB: sampler.stop(),
    cpuPercent: (cpuTicks(processes.server) - ticksBefore) / result.seconds,
    databaseCpuPercent: cpuTicksOfTreeSince(processes.database, databaseTicksBefore) / result.seconds,
  };
}

const progress = (message: string) => process.stderr.write(`[bench:api] ${message}\n`);
const whole = (value: number) => Math.round(value).toLocaleString("en");
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
const cpu = (run: { cpuPercent: number }) => `${run.cpuPercent.toFixed(0)}%`;
const databaseCpu = (run: { databaseCpuPercent: number }) => `${run.databaseCpuPercent.toFixed(0)}%`;
/** CPU time per answered request, the server's + PostgreSQL's: what a request costs the machine, whatever the load. */
const cpuPerRequest = (run: Pick<Measured, "cpuPercent" | "databaseCpuPercent" | "requestsPerSecond">) => {
  const perRequestMs = (percent: number) => (percent * 10) / run.requestsPerSecond;
  return `${perRequestMs(run.cpuPercent).toFixed(2)} + ${perRequestMs(run.databaseCpuPercent).toFixed(2)} ms`;
};
const errorsCell = (result: Pick<LoadResult, "non2xx" | "socketErrors">) => `${result.non2xx} / ${result.socketErrors}`;

interface CeilingServerProcess {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

async function startCeilingServer(server: CeilingServer, databaseUrl: string): Promise<CeilingServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(webDir, ceilingScripts[server]), databaseUrl],
    { cwd: webDir, stdio: ["ignore", "pipe", "inherit"] },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`the ${server} server exited with ${code}: ${output}`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
}

function formFields(): Record<string, string> {
  const n = Math.floor(Math.random() * 1_000_000);
  return {
    creditLimit: String(Math.floor(Math.random() * 100_000)),
    phone: `+33 4 93 ${n}`,
    email: `buyer${n}@shop.example`,
    comment: `Synced by the ERP, batch ${n}`,
  };
}

/** Lets a server finish the requests of the run before (see `waitUntilIdle`). */
async function settle(pid: number, name: string): Promise<void> {
  if (!(await waitUntilIdle(pid))) progress(`${name}: the server was still busy after two minutes; measuring anyway`);
}

async function expectOk(response: Response, what: string): Promise<void> {
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${what} answered ${response.status}: ${text.slice(0, 500)}`);
}

export async function benchLegacyApi(options: LegacyApiBenchOptions = legacyApiBenchDefaults): Promise<string> {
  // Everything started is stopped again, on success, failure or Ctrl-C.
  const cleanups: (() => Promise<unknown>)[] = [];
  let tearingDown: Promise<void> | undefined;
  const teardown = () =>
    (tearingDown ??= (async () => {
      stopRunningLoad();
      for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
    })());
  // `on`, not `once`: a second signal (another Ctrl-C, or tsx relaying the first) must not
  // end the process before the cluster is removed
  const onSignal = (signal: NodeJS.Signals) => {
    if (tearingDown) return progress(`${signal}: still stopping`);
    progress(`${signal}: stopping the servers and removing the PostgreSQL cluster`);
    void teardown().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    progress("starting a PostgreSQL 15 cluster, migrating and seeding");
    const { cluster, admin, url: benchUrl, database, sql: benchSql, ids } = await startBenchDatabase(cleanups, {
      customers: BASE_CUSTOMERS,
    });

    progress("starting the production server and the two ceilings' servers");
    const app = await startBuiltApp({
      password: BENCH_PASSWORD,
      env: { DATABASE_URL: benchUrl, RATE_LIMIT_PER_MINUTE: BENCH_RATE_LIMIT_PER_MINUTE },
    });
    cleanups.push(() => app.stop());
    const appPid = nextServerPid(app.server.pid!);
    const ceilingServer = {} as Record<CeilingServer, CeilingServerProcess>;
    for (const server of ceilingServers) {
      ceilingServer[server] = await startCeilingServer(server, benchUrl);
      cleanups.push(() => ceilingServer[server].stop());
    }
    const cookie = `JSESSIONID=${await signInToBuiltApp(app)}`;
    let nextStart: { app: BuiltApp; pid: number; cookie: string } | undefined;
    if (options.versusNextStart) {
      progress("starting next start on the same build");
      const started = await startBuiltApp({ password: BENCH_PASSWORD, env: { DATABASE_URL: benchUrl, RATE_LIMIT_PER_MINUTE: BENCH_RATE_LIMIT_PER_MINUTE }, server: "next-start" });
      cleanups.push(() => started.stop());
      nextStart = { app: started, pid: nextServerPid(started.server.pid!), cookie: `JSESSIONID=${await signInToBuiltApp(started)}` };
    }
    // The app's connections to PostgreSQL, at most: one pool of 10 in the process, however many
    // copies of deps.ts its bundles hold (the production server's, Next's); two pools would show up to 20.
    const postgresPort = Number(new URL(cluster.url).port);
    const databasePid = await cluster.serverPid();
    let appConnectionsPeak = 0;
    const watchAppConnections = () => {
      appConnectionsPeak = Math.max(appConnectionsPeak, tcpConnectionsTo(appPid, postgresPort));
    };

    const measure = async (
      name: string,
      target: LoadTarget,
      pid: number,
      connections: number,
      seconds = options.seconds,
    ): Promise<Measured> => {
      progress(`${name}, ${connections} connections`);
      if (options.warmupSeconds > 0) {
        await settle(pid, name);
        const warmup = await runLoad(target, { connections, seconds: options.warmupSeconds });
        const failed = warmup.non2xx + warmup.socketErrors;
        if (failed > warmup.requests / 100) {
          throw new Error(`${name}: ${failed} of ${warmup.requests} warm-up requests failed (status 400+ or socket errors)`);
        }
      }
      await settle(pid, name);
      const processes = { server: pid, database: databasePid };
      return runWatched(target, processes, { connections, seconds }, pid === appPid ? watchAppConnections : undefined);
    };
    const appTarget = (scenario: { target: Scenario["target"] }, range = ids): LoadTarget => ({
      ...scenario.target,
      baseUrl: app.baseUrl,
      ids: range,
      cookie,
    });
    // the same-work server looks up the app's session, as the app does
    const ceilingTarget = (server: CeilingServer, ceiling: Ceiling): LoadTarget => ({
      ...ceilings[server][ceiling].target,
      baseUrl: ceilingServer[server].baseUrl,
      ids,
      ...(server === "sameWork" && { cookie }),
    });

    // --- throughput: each connection count between two measures of the ceiling -------------
    const results = new Map<string, Measured>();
    const ceilingRuns = new Map<string, Measured[]>();
    const key = (name: string, connections: number) => `${name}@${connections}`;
    const ceilingKey = (server: CeilingServer, ceiling: Ceiling, connections: number) => key(`${server}:${ceiling}`, connections);
    for (const connections of options.connections) {
      const measureCeilings = async () => {
        for (const server of ceilingServers) {
          for (const ceiling of ["update", "get"] as const) {
            const runs = ceilingRuns.get(ceilingKey(server, ceiling, connections)) ?? [];
            const { name } = ceilings[server][ceiling];
            runs.push(await measure(name, ceilingTarget(server, ceiling), ceilingServer[server].pid, connections));
            ceilingRuns.set(ceilingKey(server, ceiling, connections), runs);
          }
        }
      };
      await measureCeilings();
      for (const scenario of scenarios) {
        results.set(key(scenario.name, connections), await measure(scenario.name, appTarget(scenario), appPid, connections));
        if (nextStart && isLegacy(scenario)) {
          const target = { ...appTarget(scenario), baseUrl: nextStart.app.baseUrl, cookie: nextStart.cookie };
          const name = throughNextStart(scenario.name);
          results.set(key(name, connections), await measure(name, target, nextStart.pid, connections));
        }
      }
      await measureCeilings();
    }

    // --- statements per update ----------------------------------------------------------------
    // The server's log, with every statement for the moment: pg_stat_statements would miss
    // COMMIT, which postgres.js sends as a named prepared statement (counted on its first run only).
    const countStatements = async (send: () => Promise<void>) => {
      await settle(appPid, "statements per update");
      await admin`alter system set log_line_prefix = '%m [%p] %d '`;
      await admin`alter system set log_statement = 'all'`;
      await admin`select pg_reload_conf()`;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const from = (await stat(cluster.logFile)).size;
      try {
        for (let i = 0; i < COUNTED_UPDATES; i++) await send();
      } finally {
        await admin`alter system reset log_statement`;
        await admin`alter system reset log_line_prefix`;
        await admin`select pg_reload_conf()`;
      }
      const log = (await readFile(cluster.logFile)).subarray(from).toString("utf8");
      const counts = new Map<string, number>();
      // a statement of several lines goes on in lines that start with a tab
      for (const entry of log.split(/\n(?!\t)/)) {
        // `<date> <time> <zone> [<pid>] <database> LOG:  statement: ...` or `... execute <name>: ...`
        const statement = /^\S+ \S+ \S+ \[\d+\] bench LOG: {2}(?:statement|execute [^:]*): ([\s\S]*)$/.exec(entry)?.[1];
        if (statement !== undefined) counts.set(statement.trim(), (counts.get(statement.trim()) ?? 0) + 1);
      }
      const statements = [...counts]
        .map(([query, calls]) => ({ query, perUpdate: calls / COUNTED_UPDATES }))
        .sort((a, b) => b.perUpdate - a.perUpdate);
      return { total: statements.reduce((sum, row) => sum + row.perUpdate, 0), statements };
    };
    progress("counting statements per update");
    const randomId = () => ids.first + Math.floor(Math.random() * (ids.last - ids.first + 1));
    const legacyStatements = await countStatements(async () => {
      const response = await fetch(`${app.baseUrl}/api/v1.0/customers/${randomId()}`, {
        method: "POST",
        headers: { cookie },
        body: new URLSearchParams(formFields()),
      });
      await expectOk(response, "legacy update");
    });
    const trpcStatements = await countStatements(async () => {
      const { creditLimit, ...texts } = formFields();
      const response = await fetch(`${app.baseUrl}/api/trpc/customer.update`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ json: { id: randomId(), patch: { creditLimit: Number(creditLimit), ...texts } } }),
      });
      await expectOk(response, "tRPC update");
    });
    const bareStatements = await countStatements(async () => {
      const response = await fetch(`${ceilingServer.bare.baseUrl}/customers/${randomId()}`, {
        method: "POST",
        body: new URLSearchParams(formFields()),
      });
      await expectOk(response, "bare update");
    });
    const sameWorkStatements = await countStatements(async () => {
      const response = await fetch(`${ceilingServer.sameWork.baseUrl}/customers/${randomId()}`, {
        method: "POST",
        headers: { cookie },
        body: new URLSearchParams(formFields()),
      });
      await expectOk(response, "same-work update");
    });

    // --- a batch of 500 updates against 500 single updates over 16 connections ------------------
    progress(`batch of ${BATCH_ITEMS} updates against ${BATCH_ITEMS} single updates`);
    await settle(appPid, "batch");
    const batchCustomerIds = Array.from({ length: BATCH_ITEMS }, (_, index) => ids.first + index);
    const timed = async (send: () => Promise<void>) => {
      const started = performance.now();
      await send();
      return performance.now() - started;
    };
    const singleUpdates = () =>
      timed(async () => {
        let next = 0;
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            while (next < batchCustomerIds.length) {
              const id = batchCustomerIds[next++]!;
              const response = await fetch(`${app.baseUrl}/api/v1.0/customers/${id}`, {
                method: "POST",
                headers: { cookie },
                body: new URLSearchParams(formFields()),
              });
              await expectOk(response, "single update");
            }
          }),
        );
      });
    const batchUpdate = (atomic: boolean) =>
      timed(async () => {
        const response = await fetch(`${app.baseUrl}/api/v2.1/customers/batch?atomic=${atomic}`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: JSON.stringify({ items: batchCustomerIds.map((id) => ({ id, ...formFields() })) }),
        });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`batch answered ${response.status}: ${text.slice(0, 500)}`);
        const answer = JSON.parse(text) as { items: { status: number }[] };
        if (answer.items.some((item) => item.status !== 200)) throw new Error("batch: an item was refused");
      });
    const batchRuns: { singles: number; batch: number; atomic: number }[] = [];
    // in turns, so that a busy moment of the shared machine slows both sides
    for (let round = 0; round < BATCH_ROUNDS; round++) {
      batchRuns.push({ singles: await singleUpdates(), batch: await batchUpdate(false), atomic: await batchUpdate(true) });
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const batchFigures = {
      singles: median(batchRuns.map((run) => run.singles)),
      batch: median(batchRuns.map((run) => run.batch)),
      atomic: median(batchRuns.map((run) => run.atomic)),
    };

    // --- soak: the legacy update, minute by minute ---------------------------------------------
    const soak: (Measured & { rssEndKiB: number })[] = [];
    const [legacyUpdate] = scenarios;
    if (options.soakMinutes > 0) await settle(appPid, "soak");
    // back to back: the load stops only for the moment wrk takes to start again
    for (let minute = 1; minute <= options.soakMinutes; minute++) {
      progress(`soak, minute ${minute} of ${options.soakMinutes}`);
      const result = await runWatched(appTarget(legacyUpdate!), { server: appPid, database: databasePid }, { connections: 16, seconds: 60 });
      soak.push({ ...result, rssEndKiB: rssKiB(appPid).rss });
    }

    // --- the update in a large organization, against 1,000 customers in the same run ----------
    let scale: { small: Measured; large: Measured; seedSeconds: number; customers: number } | undefined;
    if (options.customers > BASE_CUSTOMERS) {
      const small = await measure(`legacy update over ${whole(BASE_CUSTOMERS)} customers`, appTarget(legacyUpdate!), appPid, 16);
      progress(`seeding up to ${whole(options.customers)} customers`);
      const started = performance.now();
      for (let chunk = 0, left = options.customers - BASE_CUSTOMERS; left > 0; chunk++, left -= BULK_CHUNK) {
        await seedBulkCustomers(database.db, {
          organizationId: BENCH_ORGANIZATION_ID,
          count: Math.min(left, BULK_CHUNK),
          prefix: `BIG${chunk}`,
          categoryIds: [2, 3, 4],
          currency: "USD",
        });
      }
      await benchSql`checkpoint`;
      const seedSeconds = (performance.now() - started) / 1000;
      const [all] = await benchSql<{ last: number; count: number }[]>`
        select max(id)::int as last, count(*)::int as count from customers
         where organization_id = ${BENCH_ORGANIZATION_ID} and id >= ${ids.first}`;
      if (all!.count !== all!.last - ids.first + 1) throw new Error("the large organization's customer ids are not contiguous");
      const allIds = { first: ids.first, last: all!.last };
      const large = await measure(
        `legacy update over ${whole(all!.count)} customers`,
        appTarget(legacyUpdate!, allIds),
        appPid,
        16,
      );
      scale = { small, large, seedSeconds, customers: all!.count };
    }

    await settle(appPid, "memory at rest");
    const appAtRest = rssKiB(appPid);

    // --- report -------------------------------------------------------------------------------
    const ceilingOf = (server: CeilingServer, ceiling: Ceiling, connections: number) => {
      const runs = ceilingRuns.get(ceilingKey(server, ceiling, connections))!;
      const mean = (pick: (run: Measured) => number) => runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
      return {
        runs,
        requestsPerSecond: mean((run) => run.requestsPerSecond),
        p50Ms: mean((run) => run.p50Ms),
        p99Ms: mean((run) => run.p99Ms),
        non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
        socketErrors: runs.reduce((sum, run) => sum + run.socketErrors, 0),
        rssPeakKiB: Math.max(...runs.map((run) => run.rssPeakKiB)),
        cpuPercent: mean((run) => run.cpuPercent),
        databaseCpuPercent: mean((run) => run.databaseCpuPercent),
      };
    };
    const rows: string[] = [];
    const lines = scenarios.flatMap((scenario) =>
      nextStart && isLegacy(scenario) ? [scenario, { ...scenario, name: throughNextStart(scenario.name) }] : [scenario],
    );
    for (const scenario of lines) {
      for (const connections of options.connections) {
        const result = results.get(key(scenario.name, connections))!;
        const ratioTo = (server: CeilingServer) =>
          scenario.ceiling
            ? (result.requestsPerSecond / ceilingOf(server, scenario.ceiling, connections).requestsPerSecond).toFixed(2)
            : "n/a";
        rows.push(
          `| ${scenario.name} | ${connections} | ${whole(result.requestsPerSecond)} | ${ms(result.p50Ms)} | ${ms(result.p99Ms)} | ${errorsCell(result)} | ${cpu(result)} | ${databaseCpu(result)} | ${cpuPerRequest(result)} | ${megabytes(result.rssPeakKiB)} | ${ratioTo("bare")} | ${ratioTo("sameWork")} |`,
        );
      }
    }
    const spreads: string[] = [];
    for (const server of ceilingServers) {
      for (const ceiling of ["update", "get"] as const) {
        for (const connections of options.connections) {
          const mean = ceilingOf(server, ceiling, connections);
          // the same work against the bare: what the app's statements cost over one
          const ratios = server === "bare" ? "1 | n/a" : `${(mean.requestsPerSecond / ceilingOf("bare", ceiling, connections).requestsPerSecond).toFixed(2)} | 1`;
          rows.push(
            `| ${ceilings[server][ceiling].name} | ${connections} | ${whole(mean.requestsPerSecond)} | ${ms(mean.p50Ms)} | ${ms(mean.p99Ms)} | ${errorsCell(mean)} | ${cpu(mean)} | ${databaseCpu(mean)} | ${cpuPerRequest(mean)} | ${megabytes(mean.rssPeakKiB)} | ${ratios} |`,
          );
          spreads.push(`${server === "bare" ? "bare" : "same-work"} ${ceiling} at ${connections}: ${mean.runs.map((run) => whole(run.requestsPerSecond)).join(" / ")}`);
        }
      }
    }

    // a select's column list says little: show where it reads from (its own `from`, not a subquery's)
    const statementText = (query: string) => {
      let text = query.replace(/\s+/g, " ").trim();
      const from = topLevelFrom(text);
      if (/^select /i.test(text) && from > 0) text = `select ...${text.slice(from)}`;
      return `\`${(text.length > 110 ? `${text.slice(0, 107)}...` : text).replace(/\|/g, "\\|")}\``;
    };
    const topLevelFrom = (text: string) => {
      let depth = 0;
      for (let at = 0; at < text.length; at++) {
        if (text[at] === "(") depth++;
        else if (text[at] === ")") depth--;
        else if (depth === 0 && text.startsWith(" from ", at)) return at;
      }
      return -1;
    };
    const sameStatements = (app: typeof legacyStatements, ceiling: typeof legacyStatements) => {
      const counts = (of: typeof legacyStatements) => new Map(of.statements.map((row) => [row.query, row.perUpdate]));
      const [ofApp, ofCeiling] = [counts(app), counts(ceiling)];
      const differing = [...new Set([...ofApp.keys(), ...ofCeiling.keys()])].filter((query) => ofApp.get(query) !== ofCeiling.get(query));
      if (differing.length === 0) return "the same texts, as many of each";
      return `**not the same**, ${differing.length} differ: ${differing.map((query) => `${statementText(query)} (app ${perUpdate(ofApp.get(query) ?? 0)}, same work ${perUpdate(ofCeiling.get(query) ?? 0)})`).join("; ")}`;
    };
    const perUpdate = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

    const sections = [
      "### Legacy API throughput (`pnpm start`'s server on PostgreSQL 15, wrk)",
      "",
      `${whole(BASE_CUSTOMERS)} customers in organization \`entity1\`, a random one per request; each update writes new values ` +
        "to `creditLimit`, `phone`, `email` and `comment`. " +
        `wrk from 127.0.0.1, ${options.seconds} s after a ${options.warmupSeconds} s warm-up per line; PostgreSQL 15 on the same ` +
        "machine (`fsync=off`), the app's pool of 10 connections. Two ceilings on the same database, each its own " +
        "`node:http` process, measured before and after the app's lines at each connection count (their lines show the " +
        "mean): the bare server (postgres.js, no sign-in, no checks, one statement) and the same-work server, which sends " +
        "the app's own statements from `@cr/db` for the same requests (the session's lookup, the customer read without a " +
        "lock, the write of the four fields with their history and change event; for the show, the session and the " +
        "customer's view) through the app's pool, and answers the customer as JSON. \"vs bare\" and \"vs same work\" are " +
        "a line's req/s over theirs. Errors: answers with status 400 or more / " +
        "socket errors and timeouts. Server CPU: the serving process's CPU time over the line, in % of one core (of the " +
        `machine's ${os.cpus().length}, shared with wrk and PostgreSQL); PostgreSQL CPU: all of the cluster's processes alike (a ` +
        "process that ended during the line is not counted). CPU per request: those two over the answered requests, in ms; the " +
        "ratio to a ceiling can be no better than the ceiling's CPU per request over the app's, once the machine's cores are " +
        "busy. RSS: highest sample of the serving process during the line.",
      "",
      "| request | connections | req/s | p50 | p99 | errors | server CPU | PostgreSQL CPU | CPU per request, server + PostgreSQL | server RSS, peak | vs bare | vs same work |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      `Ceiling req/s before / after the app's lines: ${spreads.join("; ")}. ` +
        `The app at rest after the load: ${megabytes(appAtRest.rss)} (process peak ${megabytes(appAtRest.peak)}). ` +
        `Connections the app held to PostgreSQL, at most, during its lines: ${appConnectionsPeak} (one pool of 10).` +
        (nextStart
          ? " The lines through `next start` serve the same build on the same database with Next's own server, every request " +
            "through Next, each measured right after the production server's."
          : ""),
      "",
      `#### Statements per update (the server's log over ${COUNTED_UPDATES} sequential updates, BEGIN and COMMIT included)`,
      "",
      "| door | statements per update |",
      "|---|---|",
      `| legacy update (form) | ${perUpdate(legacyStatements.total)} |`,
      `| tRPC \`customer.update\` | ${perUpdate(trpcStatements.total)} |`,
      `| ceiling: bare update | ${perUpdate(bareStatements.total)} |`,
      `| ceiling: same-work update | ${perUpdate(sameWorkStatements.total)} |`,
      "",
      // the ceiling is only the same work while it sends the very statements, as many
      `The same-work update's statements against the legacy update's: ${sameStatements(legacyStatements, sameWorkStatements)}.`,
      "",
      "The legacy update's statements:",
      "",
      "| per update | statement |",
      "|---|---|",
      ...legacyStatements.statements.map((row) => `| ${perUpdate(row.perUpdate)} | ${statementText(row.query)} |`),
    ];

    sections.push(
      "",
      `#### ${BATCH_ITEMS} updates: one batch against single requests`,
      "",
      `The same update of ${BATCH_ITEMS} different customers, sent as ${BATCH_ITEMS} legacy POSTs over 16 connections (Node's ` +
        "fetch from the benchmark) and as one `POST /api/v2.1/customers/batch`, in turns, " +
        `${BATCH_ROUNDS} rounds; medians. Every item is accepted.`,
      "",
      "| how | time for all | per update | faster than single requests |",
      "|---|---|---|---|",
      `| ${BATCH_ITEMS} single requests, 16 connections | ${ms(batchFigures.singles)} | ${ms(batchFigures.singles / BATCH_ITEMS)} | 1 |`,
      `| one batch, each item alone | ${ms(batchFigures.batch)} | ${ms(batchFigures.batch / BATCH_ITEMS)} | ${(batchFigures.singles / batchFigures.batch).toFixed(1)} x |`,
      `| one batch, \`atomic=true\` | ${ms(batchFigures.atomic)} | ${ms(batchFigures.atomic / BATCH_ITEMS)} | ${(batchFigures.singles / batchFigures.atomic).toFixed(1)} x |`,
      "",
      "Goal: a batch at least 5 x faster than the single requests.",
    );

    if (soak.length > 0) {
      const first = soak[0]!;
      const last = soak.at(-1)!;
      const highest = Math.max(...soak.map((minute) => minute.rssPeakKiB));
      sections.push(
        "",
        `#### Soak: the legacy update at 16 connections for ${options.soakMinutes} minute${options.soakMinutes === 1 ? "" : "s"}`,
        "",
        "| minute | req/s | p50 | p99 | errors | server CPU | server RSS at the end | server RSS, peak |",
        "|---|---|---|---|---|---|---|---|",
        ...soak.map(
          (minute, index) =>
            `| ${index + 1} | ${whole(minute.requestsPerSecond)} | ${ms(minute.p50Ms)} | ${ms(minute.p99Ms)} | ${errorsCell(minute)} | ${cpu(minute)} | ${megabytes(minute.rssEndKiB)} | ${megabytes(minute.rssPeakKiB)} |`,
        ),
        "",
        `Last minute over the first: ${(last.requestsPerSecond / first.requestsPerSecond).toFixed(2)} (goal: at least 0.9). ` +
          `Highest server RSS: ${megabytes(highest)} (goal: at most 400 MB).`,
      );
    }

    if (scale) {
      const { small, large } = scale;
      sections.push(
        "",
        `#### The legacy update in a large organization (16 connections)`,
        "",
        `Seeding ${whole(scale.customers - BASE_CUSTOMERS)} more customers took ${scale.seedSeconds.toFixed(0)} s; ` +
          "each request then picks any of the organization's customers.",
        "",
        "| customers in the organization | req/s | p50 | p99 | errors | server CPU |",
        "|---|---|---|---|---|---|",
        `| ${whole(BASE_CUSTOMERS)} | ${whole(small.requestsPerSecond)} | ${ms(small.p50Ms)} | ${ms(small.p99Ms)} | ${errorsCell(small)} | ${cpu(small)} |`,
        `| ${whole(scale.customers)} | ${whole(large.requestsPerSecond)} | ${ms(large.p50Ms)} | ${ms(large.p99Ms)} | ${errorsCell(large)} | ${cpu(large)} |`,
        "",
        `Latency over the ${whole(BASE_CUSTOMERS)}-customer run: p50 ${(large.p50Ms / small.p50Ms).toFixed(2)} x, ` +
          `p99 ${(large.p99Ms / small.p99Ms).toFixed(2)} x (goal at 1,000,000 customers: within 1.2 x).`,
      );
    }
    return sections.join("\n");
  } finally {
    await teardown();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
