import { testOptions } from "@cr/vitest-config";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: testOptions("web-e2e", {
    include: ["test/e2e/**/*.test.ts"],
    // each file starts the built app and a browser; one file at a time on 2 cores
    fileParallelism: false,
    testTimeout: 60_000,
    // a page waits for the server and React: the default 1 s of expect.poll
    // failed runs on a busy 2-core machine where the same pages work
    expect: { poll: { timeout: 10_000 } },
    // seeding a fresh database, then starting `next start`
    hookTimeout: 180_000,
  }),
});
