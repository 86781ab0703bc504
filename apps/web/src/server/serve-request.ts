/**
 * The one wrapper around each door's handler (legacy API, login, tRPC,
 * `/uploads`, the import, the probes): the request's scope
 * (request-scope.ts), `X-Request-Id` on its answer, its log line, its count
 * and duration in the metrics, and its span when tracing is on.
 *
 * On the path benchmarked at thousands of requests a second: without
 * METRICS_PORT and an OTLP endpoint, metrics and tracing cost a property read
 * each (observability/); with metrics, a lookup of the request's series.
 */
import { performance } from "node:perf_hooks";

import { requestLogger } from "./log";
import { type Door, recordRequest } from "./observability/metrics";
import { currentTracing, type RequestSpan, startRequestSpan } from "./observability/tracing";
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

interface RequestLine {
  requestId: string;
  method: string;
  route: string | null;
  status: number;
  durationMs: number;
  organization: string | null;
  userId: number | null;
  /** OpenTelemetry's name for it, as log collectors look for it. */
  trace_id?: string;
}

/**
 * Serves one request inside its scope: `handle` answers it (its own errors
 * already mapped to its door's format); the answer gets `X-Request-Id` and the
 * log gets one line with method, route, status, duration, organization, user
 * and request id (and trace id when tracing is on).
 */
export async function serveRequest(
  request: Request,
  options: {
    door: Door;
    route: string | null;
    /**
     * The route counted in the metrics when it differs from the logged one: a
     * door whose logged route is what the client sent (tRPC's procedure
     * names) gives a bounded one here.
     */
    metricsRoute?: string;
    /** Level of the request's line: `debug` for the health probes, which a load balancer sends every few seconds. */
    logLevel?: "info" | "debug";
  },
  handle: (scope: RequestScope) => Promise<Response>,
): Promise<Response> {
  const startedAt = performance.now();
  const scope: RequestScope = { ...requestIdOf(request.headers), route: options.route };
  const tracing = currentTracing();
  const span: RequestSpan | undefined = tracing && startRequestSpan(tracing, request, options.door);
  if (span) scope.traceId = span.traceId;
  return requestScopeStorage.run(scope, async () => {
    let status = 500;
    try {
      const response = withRequestIdHeader(await (span ? span.run(() => handle(scope)) : handle(scope)), scope.requestId);
      status = response.status;
      return response;
    } finally {
      const durationMs = performance.now() - startedAt;
      recordRequest(options.door, options.metricsRoute ?? scope.route, request.method, status, durationMs / 1000);
      span?.end(scope, status);
      const line: RequestLine = {
        requestId: scope.requestId,
        method: request.method,
        route: scope.route,
        status,
        durationMs: Math.round(durationMs * 10) / 10,
        organization: scope.user?.organizationSlug ?? null,
        userId: scope.user?.id ?? null,
      };
      if (span) line.trace_id = span.traceId;
      requestLogger[options.logLevel ?? "info"](line, "request");
    }
  });
}
