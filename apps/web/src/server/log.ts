/**
 * Server-side logging through pino: one JSON line per event on stdout, level
 * from `LOG_LEVEL`, so that faults hidden from clients (a 500 shows nothing)
 * remain visible to operators. Each line written while a request is served
 * carries its `requestId` (request-scope.ts), whoever writes it, and its
 * `trace_id` when tracing is on.
 *
 * Lines never hold request bodies or credentials: callers log names and ids,
 * the keys that could hold a secret are redacted anyway, and a failed query's
 * parameters (the values of a form) are cut from its error.
 */
import pino, { type DestinationStream, type Level, type Logger, type LoggerOptions } from "pino";

import { env } from "../env";

import { currentRequestScope } from "./request-scope";

const secretKeys = ["password", "j_password", "token", "cookie", "authorization", "set-cookie"];

// Asynchronous and gathered: lines are queued and written a few kilobytes at a
// time, at the latest LOG_FLUSH_MS after they were logged, not with a write
// each (a blocking write was 4 to 7 % of the CPU of a legacy update, an
// asynchronous one per line still about 4 %; BENCHMARKS.md). One destination
// for every logger, so lines never interleave. pino writes what is queued
// when the process exits (exit, SIGINT, SIGTERM, an uncaught exception); only
// a crash of the machine or a SIGKILL can lose the last lines.
const LOG_FLUSH_MS = 250;
const stdout = pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: LOG_FLUSH_MS });
let destination: DestinationStream = stdout;

const options: LoggerOptions = {
  level: env.logLevel,
  messageKey: "message",
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
};
// tests swap where the lines go (setLogDestination)
const requestSink: DestinationStream = { write: (line: string) => destination.write(line) };
// Faults and start-up lines are few and wanted at once: written without waiting for others.
const sink: DestinationStream = {
  write: (line: string) => {
    destination.write(line);
    if (destination === stdout) stdout.flush();
  },
};

export const logger: Logger = pino(
  {
    ...options,
    mixin() {
      const scope = currentRequestScope();
      if (!scope) return {};
      return scope.traceId ? { requestId: scope.requestId, trace_id: scope.traceId } : { requestId: scope.requestId };
    },
    redact: {
      paths: [...secretKeys, ...secretKeys.map((key) => `*.${key}`), "*.headers.cookie", "*.headers.authorization"],
      censor: "[redacted]",
    },
  },
  sink,
);

/**
 * The request log (serve-request.ts), on the path benchmarked at thousands of
 * requests a second: its fields are fixed, the request id among them, and
 * none is a secret, so it skips the mixin and the redaction, whose wildcard
 * paths cost more than the rest of a line (measured here: about 35 µs of CPU
 * a line with them, 12 without).
 */
export const requestLogger: Logger = pino(options, requestSink);

/**
 * Tests only: sends the lines to `stream` (stdout again with undefined) and
 * lowers the level to `level`; answers a function that undoes both.
 */
export function setLogDestination(stream: DestinationStream | undefined, level?: Level): () => void {
  const previousLevels = [logger.level, requestLogger.level];
  const previousDestination = destination;
  destination = stream ?? stdout;
  if (level) logger.level = requestLogger.level = level;
  return () => {
    destination = previousDestination;
    [logger.level, requestLogger.level] = previousLevels as [string, string];
  };
}

type ErrorDetail = { name: string; message: string; stack?: string; code?: unknown; cause?: ErrorDetail } | { value: string };

/**
 * An error as a log line shows it. Drizzle puts a failed query's parameters
 * (a form's values, a token's hash) in its message and stack: only the SQL
 * is kept. The cause chain is followed a few levels down.
 */
export function describeError(error: unknown, depth = 0): ErrorDetail {
  if (!(error instanceof Error)) return { value: String(error) };
  let { message, stack } = error;
  if ("query" in error && "params" in error && typeof error.query === "string") {
    const safeMessage = `Failed query: ${error.query}`;
    stack = stack?.replace(message, safeMessage);
    message = safeMessage;
  }
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message,
    stack,
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    ...(error.cause !== undefined && depth < 3 ? { cause: describeError(error.cause, depth + 1) } : {}),
  };
}

export function logError(message: string, error: unknown, context: Record<string, unknown> = {}): void {
  logger.error({ ...context, error: describeError(error) }, message);
}

/** What is worth knowing but is no fault of the server's (a client that went away mid-request). */
export function logInfo(message: string, context: Record<string, unknown> = {}): void {
  logger.info(context, message);
}

/** What an operator should know at once: a setting that weakens a protection (WEBHOOK_ALLOW_PRIVATE). */
export function logWarning(message: string, context: Record<string, unknown> = {}): void {
  logger.warn(context, message);
}
