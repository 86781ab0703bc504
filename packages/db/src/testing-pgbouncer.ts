/**
 * A PgBouncer of a test's own in transaction mode, in front of a PostgreSQL
 * server, as managed offers put one in front of theirs: a client's server
 * connection is its own for one transaction only, so anything a session keeps
 * (a named statement, a session lock, a `SET`, `LISTEN`) is lost or, worse,
 * left for another client. Settings as strict as such a pooler's: only the
 * startup parameters drivers commonly send are ignored, any other one is
 * refused.
 *
 * Every database name is forwarded (`*`), so that the throwaway databases of
 * the tests are reached through it. PgBouncer, like PostgreSQL, refuses to
 * run as root: as root it runs as the `postgres` user. Debian's `pgbouncer`
 * package (1.18) installs it where `PGBOUNCER_BIN` says.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { chown, mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const PGBOUNCER_BIN = "/usr/sbin/pgbouncer";

export interface Pgbouncer {
  port: number;
  /** `serverUrl` with PgBouncer's host and port, for `database` (default: the server URL's). */
  url(database?: string): string;
  stop(): Promise<void>;
}

export interface PgbouncerOptions {
  /** Server connections per database and user: fewer than the clients' pool, so that clients share them. */
  poolSize?: number;
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

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export async function startPgbouncer(serverUrl: string, options: PgbouncerOptions = {}): Promise<Pgbouncer> {
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username || "postgres");
  const dir = await mkdtemp(path.join(tmpdir(), "cr-pgbouncer-"));
  const port = await freePort();
  await writeFile(path.join(dir, "userlist.txt"), `"${user}" ""\n`);
  await writeFile(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${server.hostname} port=${server.port || 5432}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      "auth_type = trust",
      `auth_file = ${path.join(dir, "userlist.txt")}`,
      "pool_mode = transaction",
      "ignore_startup_parameters = extra_float_digits,options",
      `default_pool_size = ${options.poolSize ?? 4}`,
      "max_client_conn = 200",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      "",
    ].join("\n"),
  );
  let ids: { uid: number; gid: number } | undefined;
  if (userInfo().uid === 0) {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    ids = { uid: Number(uid.trim()), gid: Number(gid.trim()) };
    for (const file of ["", "userlist.txt", "pgbouncer.ini"]) await chown(path.join(dir, file), ids.uid, ids.gid);
  }

  const child: ChildProcess = spawn(PGBOUNCER_BIN, [path.join(dir, "pgbouncer.ini")], { ...ids, stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`PgBouncer did not start on port ${port}: ${errors || "no output"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    port,
    url(database) {
      const url = new URL(serverUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      if (database) url.pathname = `/${database}`;
      return url.toString();
    },
    stop,
  };
}
