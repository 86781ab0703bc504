import { testOptions } from "@cr/vitest-config";
import { defineConfig } from "vitest/config";

// Tests that need sessions of a PostgreSQL server (PGlite has a single one, that
// cannot be terminated): part of the PostgreSQL suite only (DATABASE_URL set, as
// `.ci/run` does), and on the embedded database not part of the suite at all,
// rather than counted as skipped.
const serverOnlyTests = [
  "src/connection-loss.test.ts",
  "src/transaction-reservation.test.ts",
  "src/transaction-pipelining.test.ts",
  "src/pool-queue.test.ts",
  "src/pool-stats.test.ts",
  "src/scripts/migrate-concurrently.test.ts",
  "src/scripts/migrate-direct-url.test.ts",
  "src/transaction-pooler.test.ts",
];
const onPostgresServer = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  test: testOptions("db", {
    include: ["src/**/*.test.ts"],
    exclude: ["node_modules/**", ...(onPostgresServer ? [] : serverOnlyTests)],
    // each test file starts its own PGlite (3 to 5 s) or server database
    testTimeout: 30_000,
    hookTimeout: 60_000,
  }),
});
