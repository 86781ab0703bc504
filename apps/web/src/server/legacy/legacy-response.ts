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

/**
 * The text of each answer `legacyJson` made. The production server's door
 * (http/legacy-door.ts) writes it as it is, where reading it back through the
 * Response's stream cost a turn of the event loop and a few percent of the
 * CPU of a request; Next's route handlers read the stream as usual.
 */
const answerTexts = new WeakMap<Response, string>();

/** The whole text of a `legacyJson` answer whose body nobody read yet, or undefined. */
export function legacyAnswerText(response: Response): string | undefined {
  return response.bodyUsed ? undefined : answerTexts.get(response);
}

export function legacyJson(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json;charset=UTF-8");
  headers.set("cache-control", "no-store");
  const text = JSON.stringify(body);
  const response = new Response(text, { status: init.status ?? 200, headers });
  answerTexts.set(response, text);
  return response;
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
