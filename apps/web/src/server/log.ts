/**
 * Server-side logging: one JSON line per event on stderr, so that faults
 * hidden from clients (a 500 shows nothing) remain visible to operators.
 */
export function logError(message: string, error: unknown, context: Record<string, unknown> = {}): void {
  const detail =
    error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  console.error(JSON.stringify({ level: "error", time: new Date().toISOString(), message, ...context, error: detail }));
}
