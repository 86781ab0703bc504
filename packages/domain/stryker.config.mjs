// Mutation testing of the domain rules: `pnpm test:mutation` at the root.
// The HTML report lands in reports/mutation/mutation.html (gitignored).
//
// Equivalent mutants (no test can tell them apart; each also carries a
// `// Stryker disable next-line` comment at its line):
//   (none yet)
import { fileURLToPath } from "node:url";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // pnpm does not hoist the runner next to @stryker-mutator/core, so Stryker's
  // own plugin lookup cannot find it: name it by path.
  plugins: [fileURLToPath(import.meta.resolve("@stryker-mutator/vitest-runner"))],
  vitest: { configFile: "vitest.config.ts" },
  mutate: ["src/**/*.ts", "!src/**/*.test.ts", "!src/test-factories.ts"],
  coverageAnalysis: "perTest",
  concurrency: 2,
  reporters: ["html", "json", "clear-text", "progress"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: ".stryker-tmp",
};
