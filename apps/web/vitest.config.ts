import { fileURLToPath } from "node:url";

import { testOptions } from "@cr/vitest-config";
import { defineConfig } from "vitest/config";

// The restart test crashes and restarts a PostgreSQL 15 cluster of its own, so
// it needs the server's binaries: only the PostgreSQL suite (DATABASE_URL set,
// as `.ci/run` does) guarantees them. The change feed's concurrency test needs
// transactions that commit out of order, which one embedded connection never
// has, and two webhook workers racing for the same deliveries need two
// connections. On the embedded database these files are not part of the suite
// at all, rather than counted as skipped.
const serverOnlyTests = ["test/postgres-restart.test.ts", "test/event-feed-concurrency.test.ts", "test/webhooks/two-workers.test.ts"];
const onPostgresServer = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: testOptions("web", {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**", ...(onPostgresServer ? [] : serverOnlyTests)],
    // each test file starts its own PGlite (3 to 5 s) or server database, and a
    // few tests a second one with other settings: 20 to 30 s on a busy 2-core machine
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // uploadthing's SDK reads its own deprecated `url`/`appUrl` getters on every
    // upload and warns about them: nothing our code can change, and noise that a
    // reader of the test output takes for a failure
    onConsoleLog: (log: string) => !log.includes("[uploadthing][deprecated]"),
    // one log line per request would bury the test output; tests that check
    // lines capture them at info level (test/support/captured-logs.ts)
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
  }),
});
