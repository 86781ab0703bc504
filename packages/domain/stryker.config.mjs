// Mutation testing of the domain rules: `pnpm test:mutation` at the root.
// The HTML report lands in reports/mutation/mutation.html (gitignored).
//
// Equivalent mutants (no test can tell them apart; each also carries a
// `// Stryker disable next-line` comment at its line; such a comment names a
// mutator for its whole line, so the killed mutants of that mutator on the same
// line are ignored with the equivalent one, which lowers the score if anything):
// - src/legacy-form.ts, all mutators, `case "Multipart"` of decodeValue and its
//   throw: unreachable, the picture is no parameter of the patch.
// - src/legacy-json.ts, Regex, formatLegacyDate's `/\.\d{3}Z$/` without `$`:
//   toISOString ends with its only ".sssZ".
// - src/legacy-json.ts, ConditionalExpression and StringLiteral, placeShownFields'
//   guard: only a broken field table (a shownAfter naming no key) reaches it.
// - src/countries.ts (the name index): the split pattern without `+` (Regex: the
//   empty words are filtered out next); `words.length > 1` as true or `>= 1`
//   (ConditionalExpression, EqualityOperator: a lone article shifted leaves "",
//   no country's key, as the lone article is none); displayNames' catch emptied
//   (BlockStatement: returns undefined too); the index cache as false
//   (ConditionalExpression: rebuilt, the same index); `key !== ""` as true
//   (ConditionalExpression, StringLiteral: every name has a letter); the
//   parenthesis pass's `includes("(")` as `includes("")` and its `\s*` as `\s`
//   or `\S*` (StringLiteral, Regex: a name without parenthesis is already a
//   key, and ICU puts exactly one blank before each parenthesis); the alias
//   "Viet Nam" (StringLiteral: this runtime's ICU gives that French name
//   already). Left counted: `words[0] ?? ""`'s default (no coverage, unreachable
//   after `words.length > 1`; a StringLiteral disable there would also hide the
//   articles, which tests kill).
// - Every field of the table has a `legacy` entry (a field added after the page
//   would not), so the guards for a field without one cannot be told apart:
//   src/customer-csv.ts ConditionalExpression (customerCsvFields' filter),
//   src/customer-patch.ts OptionalChaining (apiWordingOf), src/legacy-form.ts
//   ArrayDeclaration (legacyParameterTypes' `[]`), src/legacy-json.ts
//   OptionalChaining (shownFields), src/legacy-json-schemas.ts OptionalChaining
//   (shownFieldSchema), src/legacy-update-parameters.ts MethodExpression
//   (legacyFieldNames' filter).
// - src/customer-csv.ts, toPlainDecimal: JS prints an exponent only below 1e-6
//   and from 1e21, so the point is at -6 or less, or at 22 or more past at most
//   17 digits: `pointAt <= 0` as `< 0` (EqualityOperator), `pointAt >=
//   digits.length` as true or `>` (ConditionalExpression, EqualityOperator), the
//   last return (all mutators, unreachable), and `whole = ""` (StringLiteral,
//   split always gives a first element; also src/field-kinds.ts decimalDigits).
// - A boolean written by the general path is the same text: src/customer-csv.ts
//   csvValue's boolean branch (ConditionalExpression, StringLiteral: String()),
//   src/legacy-batch.ts formText's `typeof value === "boolean"` as false
//   (ConditionalExpression, StringLiteral: JSON.stringify).
// - src/customer-export-query.ts: `listEntries` starting as ["Stryker was here"]
//   (ArrayDeclaration: a string destructures as [letter, letter], no list
//   parameter, ignored); text()'s `value === undefined` as false
//   (ConditionalExpression: returns the same undefined).
// - src/field-kinds.ts, Regex, decimalDigits' `/^-/` as `/-/`: its callers pass
//   a text that matched the form's dot decimal, a minus only in front.
// - src/legacy-form.ts, BlockStatement, parseLegacyStructure's catch: an empty
//   catch returns undefined too.
// - src/legacy-customer-list-query.ts: typeError (ArrowFunction, ObjectLiteral)
//   and its "max", "offset", "isActive" (StringLiteral): decodeWireValue gives
//   the schema only values of the right type, so zod's type message never
//   shows; toUtcDate's zone pattern without `$` (Regex: a value that passed
//   z.iso.datetime has its zone at the end only) and `includes("T")` as
//   `includes("")` (StringLiteral: V8 reads `2016-08-16Z` as midnight UTC too);
//   the issue's `typeof param === "string"` as true (ConditionalExpression: the
//   decoded query is an object, its issues' first segment a parameter's name).
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
