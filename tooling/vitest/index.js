/**
 * Shared vitest settings. With `TEST_RESULTS_DIR` set (by `.ci/run`), each
 * package also writes a JSON report there, so that CI can total every suite.
 *
 * Plain JavaScript: vitest loads a config's workspace dependencies with Node
 * itself, which cannot run TypeScript here.
 *
 * @template {Record<string, unknown>} T
 * @param {string} packageName
 * @param {T} options
 */
export function testOptions(packageName, options) {
  const resultsDir = process.env.TEST_RESULTS_DIR;
  return {
    ...options,
    reporters: resultsDir ? ["default", "json"] : ["default"],
    outputFile: resultsDir ? { json: `${resultsDir}/${packageName}.json` } : undefined,
  };
}
