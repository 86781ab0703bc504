/**
 * Tests that make the server fail on purpose check what it logged instead of
 * printing it: an error-level line in the test output reads as a failure.
 */
import { vi } from "vitest";

export interface CapturedLogs {
  /** The JSON lines written at error level, parsed. */
  errors(): Record<string, unknown>[];
  restore(): void;
}

export function captureErrorLogs(): CapturedLogs {
  const lines: unknown[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((line: unknown) => {
    lines.push(line);
  });
  return {
    errors: () =>
      lines.map((line) => {
        try {
          return JSON.parse(String(line)) as Record<string, unknown>;
        } catch {
          return { unparsed: String(line) };
        }
      }),
    restore: () => spy.mockRestore(),
  };
}
