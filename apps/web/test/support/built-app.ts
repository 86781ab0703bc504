/**
 * The production build of the web app, started the way an operator starts it
 * (`pnpm start`: the production server `dist/server.js`, which serves the
 * legacy API itself and the rest through Next), on a free port and a fresh
 * embedded database of its own,
 * migrated and seeded with the demo data first. For the browser tests and the
 * benchmarks; run `pnpm build` before.
 *
 * With `env.DATABASE_URL` the app runs on that PostgreSQL database instead,
 * which the caller has migrated and seeded (with `password`); `env` adds to
 * or overrides the app's environment (RATE_LIMIT_PER_MINUTE...). `server:
 * "next-start"` serves the same build with Next's own server instead, every
 * request through Next (the benchmark compares the two). `appDir` starts the
 * build of another checkout's apps/web (its own `node_modules`), on a database
 * the caller gives (`bench:ab` compares two builds).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createDatabase, embeddedDatabaseDir } from "@cr/db/client";
import { seedDemoData } from "@cr/db/seed";

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface BuiltApp {
  baseUrl: string;
  /** The server's process (benchmarks read its memory). */
  server: ChildProcess;
  /** Password of every demo user of this app's database. */
  password: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the production server exited with ${server.exitCode}:\n${output()}`);
    const status = await fetch(url, { redirect: "manual" })
      .then((response) => response.status)
      .catch(() => 0); // not listening yet
    if (status > 0 && status < 500) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the production server did not answer ${url} within 60 s:\n${output()}`);
}

/** What the `start` script of apps/web gives `node`: `node --flag dist/server.js` is `["--flag", "dist/server.js"]`. */
function startScriptArguments(appDir: string): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(appDir, "package.json"), "utf8")) as { scripts: { start: string } };
  const [command, ...args] = scripts.start.split(/\s+/);
  if (command !== "node") throw new Error(`the start script runs ${command}, not node: ${scripts.start}`);
  return args;
}

export async function startBuiltApp(
  options: {
    password?: string;
    env?: Record<string, string>;
    server?: "production" | "next-start";
    appDir?: string;
  } = {},
): Promise<BuiltApp> {
  const appDir = options.appDir ?? webDir;
  if (!existsSync(path.join(appDir, ".next/BUILD_ID")) || !existsSync(path.join(appDir, "dist/server.js"))) {
    throw new Error(`No production build of the web app in ${appDir}: run \`pnpm build\` first.`);
  }
  if (appDir !== webDir && !options.env?.DATABASE_URL) throw new Error("another checkout's build runs on a given DATABASE_URL");
  const password = options.password ?? "built-app-password";
  // also the pictures' folder when the database is a server's
  const dataDir = await mkdtemp(path.join(tmpdir(), "cr-app-"));
  if (!options.env?.DATABASE_URL) {
    const database = await createDatabase({
      dataDir: embeddedDatabaseDir(dataDir),
      migrationsFolder: path.resolve(webDir, "../../packages/db/migrations"),
    });
    await seedDemoData(database.db, { adminPassword: password });
    await database.close();
  }

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // the app's own embedded database, whatever DATABASE_URL (and its pooler's settings) the shell has
  const {
    DATABASE_URL: _serverDatabase,
    DATABASE_DIRECT_URL: _directSession,
    DATABASE_PREPARED_STATEMENTS: _preparedStatements,
    ...inherited
  } = process.env;
  // `pnpm start`'s server (the `start` script of apps/web, its flags included, without pnpm in
  // between), or Next's own
  const entry =
    options.server === "next-start"
      ? [createRequire(path.join(appDir, "package.json")).resolve("next/dist/bin/next"), "start"]
      : startScriptArguments(appDir);
  const server = spawn(process.execPath, [...entry, "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: appDir,
    env: {
      ...inherited,
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // only the tail, for the start-up error: the app logs a line per request, and
  // a benchmark sends it millions
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-64 * 1024));
  server.stdout?.on("data", keep);
  server.stderr?.on("data", keep);

  const stop = async () => {
    // a server killed by a signal (Ctrl-C reaches the whole process group) has no exit code
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilServing(`${baseUrl}/sign-in`, server, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, server, password, stop };
}

/** Signs in through the legacy login; answers the session token (`JSESSIONID`). */
export async function signInToBuiltApp(app: BuiltApp, email = "admin@entity1.test"): Promise<string> {
  const response = await fetch(`${app.baseUrl}/j_spring_security_check`, {
    method: "POST",
    body: new URLSearchParams({ j_username: email, j_password: app.password, ajax: "true" }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return token;
}
