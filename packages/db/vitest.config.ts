import { testOptions } from "@cr/vitest-config";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: testOptions("db", {
    include: ["src/**/*.test.ts"],
    // each test file starts its own PGlite (3 to 5 s) or server database
    testTimeout: 30_000,
    hookTimeout: 60_000,
  }),
});
