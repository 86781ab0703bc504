/**
 * Server-side logging: one JSON line per event, errors on stderr, the rest on
 * stdout, so that faults hidden from clients (a 500 shows nothing) remain
 * visible to operators, apart from what is only the clients' doing.
 */
export function logError(message: string, error: unknown, context: Record<string, unknown> = {}): void {
  const detail =
    error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  console.error(JSON.stringify({ level: "error", time: new Date().toISOString(), message, ...context, error: detail }));
}

/** What is worth knowing but is no fault of the server's (a client that went away mid-request). */
export function logInfo(message: string, context: Record<string, unknown> = {}): void {
  console.info(JSON.stringify({ level: "info", time: new Date().toISOString(), message, ...context }));
}
