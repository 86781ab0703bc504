/**
 * Tests that check what the server logged capture the lines instead of
 * printing them: an error-level line in the test output reads as a failure.
 * The logger's lines go to memory, at info level (the suites run at `warn`),
 * until `restore`.
 */
import { setLogDestination } from "~/server/log";

export type LogLine = Record<string, unknown>;

export interface CapturedLogs {
  /** Every line written since the capture began, parsed. */
  lines(): LogLine[];
  /** The lines written at error level. */
  errors(): LogLine[];
  /** The request lines (one per request served), optionally only those of one request id. */
  requests(requestId?: string): LogLine[];
  restore(): void;
}

export function captureLogs(): CapturedLogs {
  const written: string[] = [];
  const restore = setLogDestination({ write: (line: string) => void written.push(line) }, "info");
  const lines = () =>
    written.map((line): LogLine => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        return { unparsed: line };
      }
    });
  return {
    lines,
    errors: () => lines().filter((line) => line.level === "error"),
    requests: (requestId?: string) =>
      lines().filter((line) => line.message === "request" && (requestId === undefined || line.requestId === requestId)),
    restore,
  };
}

/** The same capture, named for the tests that only look at errors. */
export const captureErrorLogs = captureLogs;
