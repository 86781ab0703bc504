/**
 * The one wrapper around each door's handler (legacy API, login, tRPC,
 * `/uploads`): the request's scope (request-scope.ts), `X-Request-Id` on its
 * answer and its log line.
 */
import { performance } from "node:perf_hooks";

import { requestLogger } from "./log";
import { REQUEST_ID_HEADER, requestIdOf, type RequestScope, requestScopeStorage } from "./request-scope";

function withRequestIdHeader(response: Response, requestId: string): Response {
  try {
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  } catch {
    // the headers of a Response made by `fetch` or `Response.redirect` are immutable
    const copy = new Response(response.body, response);
    copy.headers.set(REQUEST_ID_HEADER, requestId);
    return copy;
  }
}

/**
 * Serves one request inside its scope: `handle` answers it (its own errors
 * already mapped to its door's format); the answer gets `X-Request-Id` and the
 * log gets one line with method, route, status, duration, organization, user
 * and request id.
 */
export async function serveRequest(
  request: Request,
  options: {
    route: string | null;
    /** Level of the request's line: `debug` for the health probes, which a load balancer sends every few seconds. */
    logLevel?: "info" | "debug";
  },
  handle: (scope: RequestScope) => Promise<Response>,
): Promise<Response> {
  const startedAt = performance.now();
  const scope: RequestScope = { ...requestIdOf(request.headers), route: options.route };
  return requestScopeStorage.run(scope, async () => {
    let status = 500;
    try {
      const response = withRequestIdHeader(await handle(scope), scope.requestId);
      status = response.status;
      return response;
    } finally {
      requestLogger[options.logLevel ?? "info"](
        {
          requestId: scope.requestId,
          method: request.method,
          route: scope.route,
          status,
          durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
          organization: scope.user?.organizationSlug ?? null,
          userId: scope.user?.id ?? null,
        },
        "request",
      );
    }
  });
}
