/**
 * The zero-setup default as a newcomer uses it: the README's own commands
 * (`pnpm db:seed`, `pnpm start`, `pnpm cli`, `pnpm dev`, run through npx as
 * the README shows) on one embedded database in a temporary DATA_DIR.
 *
 * - settings given to `pnpm start` reach the app (Turborepo drops what
 *   turbo.json does not declare);
 * - the CLI works while the app holds the database, and a second app on the
 *   same folder is refused with a message naming the holder;
 * - an app killed with SIGKILL is replaced by the next start, with its data;
 * - edits made through the legacy API and through the UI's tRPC door survive
 *   restarts of `pnpm dev`, whose seed leaves them alone.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { webDir } from "../support/built-app";

const run = promisify(execFile);
const repositoryRoot = path.resolve(webDir, "../..");
const PNPM = ["-y", "pnpm@10.34.9"];
const PASSWORD = "embedded-default-password";

let dataDir: string;
const running = new Set<ChildProcess>();

/** The environment of a shell that has only the README's settings: no server database. */
function commandEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _server, REQUIRE_DATABASE_URL: _require, ...inherited } = process.env;
  return { ...inherited, DATA_DIR: dataDir, SEED_ADMIN_PASSWORD: PASSWORD, NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

function pnpm(args: string[], extra: Record<string, string> = {}) {
  return run("npx", [...PNPM, ...args], { cwd: repositoryRoot, env: commandEnv(extra), timeout: 120_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface RunningApp {
  baseUrl: string;
  process: ChildProcess;
  output: () => string;
  /**
   * SIGINT: what Ctrl-C in a terminal sends, to the command's process group.
   * SIGKILL: a crash, to every process of the tree (turbo starts its tasks in
   * process groups of their own, so a group kill would miss `next`).
   * Either way, returns once every process of the tree is gone.
   */
  stop(signal: "SIGINT" | "SIGKILL"): Promise<void>;
}

/** The pids of a process and of all its descendants. */
function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      // the parent pid is the 4th field, after the command name in parentheses
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parentPid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parentPid, [...(children.get(parentPid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const tree = [rootPid];
  for (let index = 0; index < tree.length; index++) tree.push(...(children.get(tree[index]!) ?? []));
  return tree;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopTree(rootPid: number, signal: "SIGINT" | "SIGKILL"): Promise<void> {
  const tree = processTree(rootPid);
  for (const pid of signal === "SIGKILL" ? tree : [-rootPid]) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 30_000;
  while (tree.some(isRunning) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const pid of tree.filter(isRunning)) process.kill(pid, "SIGKILL");
}

/** `pnpm start` or `pnpm dev`, in a process group of its own. */
function launch(script: "start" | "dev", settings: Record<string, string> = {}): { port: Promise<number>; app: Promise<RunningApp> } {
  const port = freePort();
  const app = port.then(async (portNumber) => {
    const child = spawn("npx", [...PNPM, script], {
      cwd: repositoryRoot,
      env: commandEnv({ PORT: String(portNumber), PUBLIC_BASE_URL: `http://127.0.0.1:${portNumber}`, ...settings }),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    running.add(child);
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    return {
      baseUrl: `http://127.0.0.1:${portNumber}`,
      process: child,
      output: () => output,
      async stop(signal: "SIGINT" | "SIGKILL") {
        await stopTree(child.pid!, signal);
        running.delete(child);
      },
    };
  });
  return { port, app };
}

async function startServing(script: "start" | "dev", settings: Record<string, string> = {}): Promise<RunningApp> {
  const app = await launch(script, settings).app;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (app.process.exitCode !== null) throw new Error(`pnpm ${script} exited with ${app.process.exitCode}:\n${app.output()}`);
    const status = await fetch(`${app.baseUrl}/sign-in`)
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return app;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await app.stop("SIGKILL");
  throw new Error(`pnpm ${script} did not serve within 4 minutes:\n${app.output()}`);
}

async function signIn(app: RunningApp, email = "admin@entity1.test"): Promise<string> {
  const response = await fetch(`${app.baseUrl}/j_spring_security_check`, {
    method: "POST",
    body: new URLSearchParams({ j_username: email, j_password: PASSWORD, ajax: "true" }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function customer256(app: RunningApp, token: string) {
  const response = await fetch(`${app.baseUrl}/api/v1.0/customers/256`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { paymentTypes: { id: number }[]; comment: string | null; phone: string | null };
}

let apiToken: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "cr-embedded-default-"));
});

afterAll(async () => {
  for (const child of running) await stopTree(child.pid!, "SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

describe("the embedded default through the README's commands", { timeout: 300_000 }, () => {
  let app: RunningApp;

  it("seeds an empty DATA_DIR with `pnpm db:seed`", async () => {
    const { stdout } = await pnpm(["db:seed"]);
    expect(stdout).toContain("Demo data seeded");
  });

  it("hands the settings given to `pnpm start` to the app", async () => {
    app = await startServing("start", { MAX_REQUEST_BYTES: "4096", RATE_LIMIT_PER_MINUTE: "12" });
    // another demo user than the rest of the file, whose budget this spends
    const token = await signIn(app, "sales@entity1.test");
    const tooLarge = await fetch(`${app.baseUrl}/api/v1.0/customers/256`, {
      method: "POST",
      headers: { cookie: `JSESSIONID=${token}` },
      body: new URLSearchParams({ comment: "x".repeat(5000) }),
    });
    expect(tooLarge.status).toBe(413);

    const statuses: number[] = [];
    for (let request = 0; request < 14; request++) {
      const response = await fetch(`${app.baseUrl}/api/v1.0/customers/256`, { headers: { cookie: `JSESSIONID=${token}` } });
      statuses.push(response.status);
    }
    expect(statuses).toContain(429);
  });

  it("lets `pnpm cli` create a token while the app holds the database, and the app accepts it", async () => {
    const { stdout } = await pnpm(["cli", "token:create", "--email", "admin@entity1.test", "--name", "while running"]);
    apiToken = stdout.trim().split("\n").at(-1)!;
    const response = await fetch(`${app.baseUrl}/api/v1.0/customers/256`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken}` },
      body: new URLSearchParams({ paymentTypes: '[{"id"=7}]', comment: "edited through the legacy API" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ paymentTypes: [{ id: 7 }], comment: "edited through the legacy API" });
  });

  it("leaves the data alone when `pnpm db:seed` runs again", async () => {
    const { stdout } = await pnpm(["db:seed"]);
    expect(stdout).toContain("not seeded: the database already holds data");
    expect((await customer256(app, apiToken)).paymentTypes.map((type) => type.id)).toEqual([7]);
  });

  it("refuses a second app on the same DATA_DIR, naming the one that holds it", async () => {
    const second = await launch("start", {}).app;
    await new Promise<void>((resolve) => second.process.once("exit", () => resolve()));
    expect(second.process.exitCode).not.toBe(0);
    expect(second.output()).toContain("is in use by the app (pnpm dev or pnpm start)");
    // the first one is untouched
    expect((await customer256(app, apiToken)).comment).toBe("edited through the legacy API");
  });

  it("starts again after the app was killed, without manual steps, with every edit", async () => {
    await app.stop("SIGKILL");
    expect(existsSync(path.join(dataDir, "pglite.lock"))).toBe(true);

    app = await startServing("dev");
    expect(app.output()).toContain("not seeded: the database already holds data");
    const stored = await customer256(app, apiToken);
    expect(stored.paymentTypes.map((type) => type.id)).toEqual([7]);
    expect(stored.comment).toBe("edited through the legacy API");

    // the command line works beside `pnpm dev` too
    const { stdout } = await pnpm(["cli", "token:list", "--email", "admin@entity1.test"]);
    expect(stdout).toMatch(/active\twrite\twhile running/);
  });

  it("keeps edits made in the UI's door and through the legacy API across a restart of `pnpm dev`", async () => {
    const session = await signIn(app);
    const response = await fetch(`${app.baseUrl}/api/trpc/customer.update`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `JSESSIONID=${session}` },
      body: JSON.stringify(superjson.serialize({ id: 256, patch: { phone: "+33 4 93 11 22 33" } })),
    });
    expect(response.status).toBe(200);

    await app.stop("SIGINT");
    app = await startServing("dev");
    const stored = await customer256(app, apiToken);
    expect(stored).toMatchObject({ phone: "+33 4 93 11 22 33", comment: "edited through the legacy API" });
    expect(stored.paymentTypes.map((type) => type.id)).toEqual([7]);
    await app.stop("SIGINT");
  });
});
