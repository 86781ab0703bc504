/**
 * The app's own spans: one per request on every door (serve-request.ts), and
 * under it one per SQL statement and transaction (`statementTracing`, given
 * to the database by deps.ts). Attribute names are OpenTelemetry's semantic
 * conventions where there is one (`http.route`, `db.query.text`), `app.*`
 * where there is none.
 *
 * Nothing here loads OpenTelemetry: `tracing-sdk.ts` starts the SDK only when
 * an OTLP endpoint is configured, and hands over the API it registered with
 * (`setTracing`). Until then, and for good in a process without an endpoint,
 * every function here returns at once and serveRequest skips it all.
 *
 * On globalThis, like the metrics: the production server's bundle and Next's
 * both serve requests, and both must find the one SDK of the process.
 */
import type * as Api from "@opentelemetry/api";

import type { StatementTracing } from "@cr/db/telemetry";

import type { RequestScope } from "../request-scope";
import type { Door } from "./metrics";
import { type StatementSummary, summarizeStatement } from "./statement-summary";

export interface Tracing {
  /** The OpenTelemetry API the SDK registered with. */
  api: typeof Api;
  tracer: Api.Tracer;
}

const globalForTracing = globalThis as unknown as { customerRecordsTracing?: Tracing };

export function setTracing(tracing: Tracing): void {
  globalForTracing.customerRecordsTracing = tracing;
}

/** The process's tracing once the SDK runs; undefined without it. */
export function currentTracing(): Tracing | undefined {
  return globalForTracing.customerRecordsTracing;
}

/** A request's span, open while its handler runs. */
export interface RequestSpan {
  /** The trace's id, for the request's log line. */
  readonly traceId: string;
  /** Runs `handle` with the span as its parent (the statements' spans hang under it). */
  run<T>(handle: () => Promise<T>): Promise<T>;
  /** Ends the span with what the request turned out to be: its route, status and caller. */
  end(scope: RequestScope, status: number): void;
}

const headersGetter: Api.TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/**
 * Opens the request's server span: a child of the caller's when it sent a
 * W3C `traceparent`, so that a trace goes on across services.
 */
export function startRequestSpan(tracing: Tracing, request: Request, door: Door): RequestSpan {
  const { api, tracer } = tracing;
  const parent = api.propagation.extract(api.context.active(), request.headers, headersGetter);
  const span = tracer.startSpan(
    request.method,
    { kind: api.SpanKind.SERVER, attributes: { "http.request.method": request.method, "app.door": door } },
    parent,
  );
  const context = api.trace.setSpan(parent, span);
  return {
    traceId: span.spanContext().traceId,
    run: (handle) => api.context.with(context, handle),
    end(scope, status) {
      if (scope.route !== null) {
        span.updateName(`${request.method} ${scope.route}`);
        span.setAttribute("http.route", scope.route);
      }
      span.setAttribute("http.response.status_code", status);
      span.setAttribute("app.request.id", scope.requestId);
      if (scope.user) {
        span.setAttribute("app.organization.id", scope.user.organizationId);
        span.setAttribute("app.organization.slug", scope.user.organizationSlug);
        span.setAttribute("user.id", String(scope.user.id));
      }
      // a server span fails with the server's faults only; a refusal (4xx) is an answer
      if (status >= 500) {
        span.setStatus({ code: api.SpanStatusCode.ERROR });
        span.setAttribute("error.type", String(status));
      }
      span.end();
    },
  };
}

const noop = () => {};

/** Summaries of the texts seen, which are few (the statements are built once) and long. */
const summaries = new Map<string, StatementSummary>();

function summaryOf(text: string): StatementSummary {
  let summary = summaries.get(text);
  if (!summary) {
    summary = summarizeStatement(text);
    if (summaries.size < 1_000) summaries.set(text, summary);
  }
  return summary;
}

function sqlStateOf(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause instanceof Object && depth < 3; cause = (cause as { cause?: unknown }).cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** The active span, when the work runs inside a traced request; the sweeps' statements get none. */
function activeTracing(): Tracing | undefined {
  const tracing = currentTracing();
  return tracing && tracing.api.trace.getSpan(tracing.api.context.active()) ? tracing : undefined;
}

/**
 * A span per statement and per transaction, under the request's. The text
 * has its values as placeholders (`$1`): Drizzle sends every value as a
 * parameter, and the parameters are never read. A failed statement's span
 * keeps its SQLSTATE, not its message, which may quote a value.
 */
export const statementTracing: StatementTracing = {
  statement(text) {
    const tracing = activeTracing();
    if (!tracing) return noop;
    const { api, tracer } = tracing;
    const { operation, collection, summary } = summaryOf(text);
    const span = tracer.startSpan(summary, {
      kind: api.SpanKind.CLIENT,
      attributes: {
        "db.system": "postgresql",
        "db.system.name": "postgresql",
        "db.operation.name": operation,
        ...(collection && { "db.collection.name": collection }),
        "db.query.summary": summary,
        "db.query.text": text,
      },
    });
    return (error) => {
      if (error !== undefined) {
        const code = sqlStateOf(error);
        span.setStatus({ code: api.SpanStatusCode.ERROR });
        span.setAttribute("error.type", code ?? "error");
        if (code) span.setAttribute("db.response.status_code", code);
      }
      span.end();
    };
  },

  transaction(run) {
    const tracing = activeTracing();
    if (!tracing) return run();
    const { api, tracer } = tracing;
    return tracer.startActiveSpan(
      "transaction",
      { kind: api.SpanKind.INTERNAL, attributes: { "db.system": "postgresql", "db.system.name": "postgresql" } },
      async (span) => {
        try {
          return await run();
        } catch (error) {
          span.setStatus({ code: api.SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  },
};
