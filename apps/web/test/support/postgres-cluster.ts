/**
 * A PostgreSQL 15 cluster of one test's own, that the test may stop and start
 * (the shared server of DATABASE_URL must not be). PostgreSQL refuses to run
 * as root: initdb and pg_ctl run as the `postgres` user, in a folder it owns,
 * on a free port of 127.0.0.1. The API benchmark uses one too, with server
 * settings of its own, and reads its log.
 */
import { execFile } from "node:child_process";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";
const POSTGRES_USER = "postgres";

export interface PostgresCluster {
  url: string;
  /** The server's log (`pg_ctl -l`). */
  logFile: string;
  /** The running server's process id (its postmaster, parent of every backend). */
  serverPid(): Promise<number>;
  /** `pg_ctl stop -m immediate`: the server dies as in a crash, clients get no goodbye. */
  crash(): Promise<void>;
  /** Starts the server again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function asPostgres(command: string, args: string[]): Promise<void> {
  // as root, through runuser; as any other user, directly
  if (userInfo().uid === 0) await run("runuser", ["-u", POSTGRES_USER, "--", `${BIN}/${command}`, ...args]);
  else await run(`${BIN}/${command}`, args);
}

export interface PostgresClusterOptions {
  /** Server settings, passed as `-c name=value` (values without spaces); later ones win. */
  settings?: Record<string, string | number>;
}

export async function createPostgresCluster(clusterOptions: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), "cr-restart-pg-"));
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  if (userInfo().uid === 0) {
    const { stdout } = await run("id", ["-u", POSTGRES_USER]);
    const { stdout: gid } = await run("id", ["-g", POSTGRES_USER]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await asPostgres("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  const settings = Object.entries(clusterOptions.settings ?? {}).map(([name, value]) => ` -c ${name}=${value}`);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100${settings.join("")}`;
  const logFile = path.join(dir, "server.log");
  const start = () => asPostgres("pg_ctl", ["-D", dataDir, "-l", logFile, "-w", "-o", options, "start"]);
  const stop = (mode: string) => asPostgres("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "stop"]);
  await start();

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    logFile,
    // postmaster.pid's first line
    serverPid: async () => Number.parseInt(await readFile(path.join(dataDir, "postmaster.pid"), "utf8"), 10),
    crash: () => stop("immediate"),
    start,
    async destroy() {
      await stop("immediate").catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
