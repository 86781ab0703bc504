/**
 * The legacy API's answers. Errors are mapped here, once: an AppError becomes
 * `{"error", "error_description"}` with its status; anything else is a 500
 * that shows nothing of the fault (it is logged instead).
 */
import { AppError } from "@cr/domain";

import { logError } from "../log";

export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super("rate_limited", "Too many requests, retry later.");
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function legacyJson(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json;charset=UTF-8");
  headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

export function legacyErrorResponse(error: unknown, context: Record<string, unknown> = {}): Response {
  if (!(error instanceof AppError) || error.code === "server_error") {
    logError("legacy API request failed", error instanceof AppError ? (error.cause ?? error) : error, context);
    return legacyJson({ error: "server_error", error_description: "Oops! Something went wrong..." }, { status: 500 });
  }
  const headers = new Headers();
  if (error instanceof RateLimitedError) headers.set("retry-after", String(error.retryAfterSeconds));
  return legacyJson({ error: error.code, error_description: error.message }, { status: error.status, headers });
}
