/** What the benchmark scripts share to read their command line. */

/** Prints what is wrong and the script's usage, and exits with 2: a wrong command line. */
export function exitWithUsage(usage: string, message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

/** A whole-number option (`1_000_000` is read as 1000000), or `fallback` when it is not given. */
export function wholeNumberOption(
  usage: string,
  name: string,
  text: string | undefined,
  fallback: number,
  minimum = 1,
): number {
  if (text === undefined) return fallback;
  const value = Number(text.replace(/_/g, ""));
  if (!Number.isInteger(value) || value < minimum) {
    exitWithUsage(usage, `--${name} takes a whole number of at least ${minimum}, not ${text}`);
  }
  return value;
}
