import { testOptions } from "@cr/vitest-config";
import { defineConfig } from "vitest/config";

// The domain's tests run in a zone other than UTC (+05:45, no summer time), so
// that a local time read where UTC is meant fails them. Set here, before any
// worker starts: a worker thread (Stryker runs vitest with threads) cannot
// change the zone of its process.
process.env.TZ = "Asia/Kathmandu";

export default defineConfig({
  test: testOptions("domain", { include: ["src/**/*.test.ts"] }),
});
