/**
 * Who holds the embedded database folder: one lock file beside it.
 *
 * PGlite keeps the whole database inside one process; a second process that
 * opens the same folder writes over it (seen here: lost writes, then
 * `RuntimeError: Aborted()` on every later start). So exactly one process, the
 * holder, opens the folder; it records its pid and, once it serves the
 * database over the PostgreSQL protocol, the port (see `shared-server.ts`).
 *
 * The file is created with `wx` (atomic: one creator wins). A holder that was
 * killed leaves its file behind: its pid no longer runs, or (the pid was
 * reused by another program) nothing answers on its port, and the next opener
 * takes over without manual steps. Two openers that find the same stale file
 * at the same instant could both take over; the window is a few
 * microseconds after a crash, and we accept it.
 */
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";

export interface HolderRecord {
  pid: number;
  /** What the holder is, for the messages of whoever finds it ("the app (next dev)", "pnpm cli"). */
  holder: string;
  startedAt: string;
  /** Port of the holder's PostgreSQL-protocol server on 127.0.0.1; null until it listens. */
  port: number | null;
}

export type LockOutcome = { acquired: true; lock: HolderLock } | { acquired: false; holder: HolderRecord };

export interface HolderLock {
  /** Records the port other processes reach the database on. */
  announcePort(port: number): void;
  release(): void;
}

/** A lock younger than this may not listen yet: its port is not checked. */
const STARTUP_GRACE_MS = 60_000;

export function lockFilePath(databaseDir: string): string {
  return `${databaseDir}.lock`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function answersOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

function readHolder(path: string): HolderRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as HolderRecord;
  } catch {
    // gone, or half-written by a holder that crashed while creating it
    return undefined;
  }
}

/** A file just created with `wx` is empty for an instant: give its writer a moment. */
async function readHolderPatiently(path: string): Promise<HolderRecord | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const record = readHolder(path);
    if (record) return record;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

async function isStale(record: HolderRecord | undefined): Promise<boolean> {
  if (!record || !isRunning(record.pid)) return true;
  if (record.pid === process.pid) return false;
  const age = Date.now() - Date.parse(record.startedAt);
  return record.port !== null && age > STARTUP_GRACE_MS && !(await answersOn(record.port));
}

function writeRecord(path: string, record: HolderRecord, flag: "wx" | "w"): void {
  if (flag === "wx") {
    const fd = openSync(path, "wx");
    try {
      writeFileSync(fd, JSON.stringify(record));
    } finally {
      closeSync(fd);
    }
    return;
  }
  // replace in one step, so that a reader never sees a half-written file
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(record));
  renameSync(temporary, path);
}

export async function acquireHolderLock(databaseDir: string, holder: string): Promise<LockOutcome> {
  const path = lockFilePath(databaseDir);
  const record: HolderRecord = { pid: process.pid, holder, startedAt: new Date().toISOString(), port: null };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeRecord(path, record, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const found = await readHolderPatiently(path);
      if (!(await isStale(found))) return { acquired: false, holder: found! };
      // move the stale file aside first: of two openers, only one can rename it
      try {
        const aside = `${path}.stale-${process.pid}`;
        renameSync(path, aside);
        unlinkSync(aside);
      } catch {
        // another opener took it over first; try again
      }
      continue;
    }

    const release = () => {
      if (readHolder(path)?.pid !== process.pid) return;
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    };
    // a holder stopped by Ctrl-C or process.exit() leaves no file behind
    process.once("exit", release);
    return {
      acquired: true,
      lock: {
        announcePort(port) {
          record.port = port;
          writeRecord(path, record, "w");
        },
        release() {
          process.removeListener("exit", release);
          release();
        },
      },
    };
  }
  throw new Error(`Could not take the lock ${path}: other processes keep changing it.`);
}

/** Reads the current holder again (its port appears once it listens). */
export function readHolderRecord(databaseDir: string): HolderRecord | undefined {
  return readHolder(lockFilePath(databaseDir));
}
