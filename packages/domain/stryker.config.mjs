// Mutation testing of the domain rules: `pnpm test:mutation` at the root.
// The HTML report lands in reports/mutation/mutation.html (gitignored).
//
// Equivalent mutants (no test can tell them apart; each also carries a
// `// Stryker disable next-line` comment at its line):
// - src/legacy-form.ts, all mutators, `case "Multipart"` of decodeValue and its
//   throw: unreachable, the picture is no parameter of the patch.
// - src/legacy-json.ts, Regex, formatLegacyDate's `/\.\d{3}Z$/` without `$`:
//   toISOString ends with its only ".sssZ".
// - src/legacy-json.ts, ConditionalExpression and StringLiteral, placeShownFields'
//   guard: only a broken field table (a shownAfter naming no key) reaches it.
//
// Stryker does not mutate code inside an `as` expression, so the field table
// (`customerFields = {...} as const`) is never mutated: changed by hand, each
// field's `apply: "copy"` turned "rule" fails a test; "rule" turned "copy" fails
// none for the fields the rules of update-rules.ts write after the copy anyway
// (categoryId, isSubCustomer, parentCustomerId, billWithParent,
// customerSegmentationId, userId, currency) and for imageFile (never in a patch).
//
// A static mutant that breaks a module's import fails a whole test file, which
// the vitest runner reports as no failed test: src/modules-load.test.ts imports
// every module inside a test, so such a mutant fails that test.
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
