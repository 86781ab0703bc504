/**
 * Serves the holder's PGlite over the PostgreSQL protocol on 127.0.0.1, so
 * that the admin CLI, `db:migrate` and `db:seed` work while the app runs: they
 * connect here instead of opening the folder a second time.
 *
 * PGlite is one database session. The app's queries and transactions take
 * PGlite's transaction mutex; pglite-socket runs each protocol message of a
 * remote client under the query mutex only, so on its own a remote statement
 * could run in the middle of an app transaction, or an app query in the
 * middle of a remote one (and reuse its unnamed prepared statement). The gate
 * below makes a remote client hold the transaction mutex from its first
 * message until the session is idle again: after a Sync or simple Query that
 * leaves no transaction block open. The app waits meanwhile, as it would for
 * a row lock on a server. One remote client at a time (`maxConnections: 1`);
 * a client that disconnects mid-transaction is rolled back.
 */
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** Protocol messages after which the backend answers ReadyForQuery. */
const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

export interface SharedServer {
  port: number;
  stop(): Promise<void>;
}

/** The part of PGlite that pglite-socket uses. */
type SocketFacingDatabase = Pick<PGlite, "isInTransaction" | "runExclusive" | "execProtocolRawStream" | "exec" | "waitReady">;

interface PGliteWithTransactionMutex {
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
}

function simpleQueryMessage(query: string): Uint8Array {
  const text = Buffer.from(`${query}\0`, "utf8");
  const message = Buffer.alloc(5 + text.length);
  message[0] = SIMPLE_QUERY;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

function createGate(db: PGlite) {
  let release: (() => void) | undefined;
  let acquiring: Promise<void> | undefined;
  let cycleOpen = false;

  return {
    get held() {
      return release !== undefined;
    },
    async enter(): Promise<void> {
      if (release) return;
      acquiring ??= new Promise<void>((entered) => {
        void (db as unknown as PGliteWithTransactionMutex)._runExclusiveTransaction(
          () =>
            new Promise<void>((leave) => {
              release = leave;
              entered();
            }),
        );
      });
      await acquiring;
    },
    noteMessage(message: Uint8Array): void {
      const type = message[0];
      // a startup message begins with its length (first byte 0) and ends with ReadyForQuery
      cycleOpen = !(type === SYNC || type === SIMPLE_QUERY || type === TERMINATE || type === 0);
    },
    leaveIfIdle(): void {
      if (!release || cycleOpen || db.isInTransaction()) return;
      const leave = release;
      release = undefined;
      acquiring = undefined;
      leave();
    },
    /** The remote client went away: end what it left open and let the app in. */
    async abandon(): Promise<void> {
      if (!release) return;
      if (db.isInTransaction()) await db.runExclusive(() => db.execProtocolRaw(simpleQueryMessage("ROLLBACK")));
      cycleOpen = false;
      this.leaveIfIdle();
    },
  };
}

export async function startSharedServer(db: PGlite): Promise<SharedServer> {
  const gate = createGate(db);

  const socketFacing: SocketFacingDatabase = {
    isInTransaction: () => db.isInTransaction(),
    waitReady: db.waitReady,
    async runExclusive(fn) {
      await gate.enter();
      try {
        return await db.runExclusive(fn);
      } finally {
        gate.leaveIfIdle();
      }
    },
    execProtocolRawStream(message, options) {
      gate.noteMessage(message);
      return db.execProtocolRawStream(message, options);
    },
    // pglite-socket calls exec("ROLLBACK") for a client that left mid-transaction
    async exec() {
      await gate.abandon();
      return [];
    },
  };

  const server = new PGLiteSocketServer({
    db: socketFacing as PGlite,
    host: "127.0.0.1",
    port: 0,
    maxConnections: 1,
  });
  const listening = new Promise<number>((resolve) =>
    server.addEventListener("listening", (event) => resolve((event as CustomEvent<{ port: number }>).detail.port), {
      once: true,
    }),
  );
  await server.start();
  const port = await listening;

  // A client that disconnects between messages, outside a transaction, never
  // reaches exec(): watch for the last client leaving while the gate is held.
  const watch = setInterval(() => {
    if (gate.held && server.getStats().activeConnections === 0) void gate.abandon();
  }, 250);
  watch.unref();

  return {
    port,
    async stop() {
      clearInterval(watch);
      await server.stop();
      await gate.abandon();
    },
  };
}
