/**
 * The legacy API's answers. Errors are mapped here, once: an AppError becomes
 * `{"error", "error_description"}` with its status; anything else is a 500
 * that shows nothing of the fault (it is logged instead, with the request id).
 */
import { AppError } from "@cr/domain";

import { logError } from "../log";
import { currentRequestScope } from "../request-scope";

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

export const SERVER_ERROR_DESCRIPTION = "Oops! Something went wrong...";

/**
 * The contract's text, and the request id for a client that sent
 * `X-Request-Id`, so that its user can quote it to the operators (who find
 * the fault's line by it). A client that sends none is an old one: SPEC §5
 * lets it see none of the extensions, so it gets the page's text exactly;
 * the id is in its answer's `X-Request-Id` header all the same.
 */
function serverErrorDescription(): string {
  const scope = currentRequestScope();
  return scope?.clientSentRequestId ? `${SERVER_ERROR_DESCRIPTION} (request id: ${scope.requestId})` : SERVER_ERROR_DESCRIPTION;
}

export function legacyErrorResponse(error: unknown, context: Record<string, unknown> = {}): Response {
  if (!(error instanceof AppError) || error.code === "server_error") {
    logError("legacy API request failed", error instanceof AppError ? (error.cause ?? error) : error, context);
    return legacyJson({ error: "server_error", error_description: serverErrorDescription() }, { status: 500 });
  }
  const headers = new Headers();
  if (error instanceof RateLimitedError) headers.set("retry-after", String(error.retryAfterSeconds));
  return legacyJson(legacyErrorBody(error), { status: error.status, headers });
}

/** The contract's error body of a refusal: its code and text, nothing else. */
export function legacyErrorBody(error: AppError): { error: string; error_description: string } {
  return { error: error.code, error_description: error.message };
}
