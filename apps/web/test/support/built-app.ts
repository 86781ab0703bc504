/**
 * Starts the built app (`next start`) on a free port, on a fresh embedded
 * database seeded with the demo data, for the browser tests and benchmarks.
 * Run `pnpm build` first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createDatabase, embeddedDatabaseDir } from "@cr/db/client";
import { seedDemoData } from "@cr/db/seed";

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BUILT_APP_PASSWORD = "built-app-password";

export interface BuiltApp {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startBuiltApp(options: { env?: Record<string, string> } = {}): Promise<BuiltApp> {
  if (!existsSync(path.join(appDir, ".next", "BUILD_ID"))) {
    throw new Error("apps/web is not built: run `pnpm build` first.");
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "cr-app-"));
  const database = await createDatabase({
    dataDir: embeddedDatabaseDir(dataDir),
    migrationsFolder: path.resolve(appDir, "../../packages/db/migrations"),
  });
  await seedDemoData(database.db, { adminPassword: BUILT_APP_PASSWORD });
  await database.close();

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(path.join(appDir, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: appDir,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_BASE_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  // ready once the legacy API answers (401 without credentials)
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    const status = await fetch(`${url}/api/v1.0/customers/256`)
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 401) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, process: child, stop };
}

/** Signs in through the legacy login; answers the `JSESSIONID` cookie header. */
export async function signInToBuiltApp(url: string, email = "admin@entity1.test"): Promise<string> {
  const response = await fetch(`${url}/j_spring_security_check`, {
    method: "POST",
    body: new URLSearchParams({ j_username: email, j_password: BUILT_APP_PASSWORD, ajax: "true" }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return `JSESSIONID=${token}`;
}
