/**
 * The process's Prometheus metrics (prom-client): one registry and its metric
 * objects, and the small functions the code that sees an event calls
 * (`recordRequest`, `recordLoginRefusal`, ...). `metrics-server.ts` serves
 * them on METRICS_PORT; until it starts them (`enableMetrics`), nothing is
 * created and each function returns at once, so a process without
 * METRICS_PORT pays a property read per event.
 *
 * One per process, on globalThis: the production server's bundle and Next's
 * each load this module (as deps.ts explains), and requests of both must
 * count in the same series.
 *
 * To add a metric: create it in `createMetrics` with the registry, and export
 * a `record...` function beside the others. Names and units follow
 * Prometheus's conventions: counters end in `_total`, durations are seconds
 * (`_seconds`); labels hold bounded sets of values only (a route's pattern,
 * never a path with its ids).
 */
import { collectDefaultMetrics, Counter, Gauge, type Metric, Registry } from "prom-client";

import type { PoolStats } from "@cr/db/telemetry";

/** The doors a request comes in by (serve-request.ts). */
export type Door = "legacy" | "trpc" | "uploads" | "import" | "probes";

type RequestLabel = "door" | "route" | "method" | "status";

/**
 * One set of a request's labels, and what its requests added up to. The
 * request path adds to these numbers only; they become the counter's and the
 * histogram's samples when Prometheus scrapes (`registerRequestMetrics`).
 * prom-client's own labelled children build a key string and an object on
 * every observation: about 2.5 µs a request here, against some 40 ns for this.
 */
interface RequestSeries {
  labels: Record<RequestLabel, string>;
  count: number;
  /** Seconds. */
  sum: number;
  /** Requests per bucket of REQUEST_DURATION_BUCKETS, not cumulative; a slower one is in `count` only. */
  buckets: Float64Array;
}

/** door -> route -> method -> status -> series: looked up without building a key. */
type SeriesByDoor = Map<string, Map<string, Map<string, Map<number, RequestSeries>>>>;

interface Metrics {
  registry: Registry;
  /** The pool's gauges are registered once a pool is observed: the embedded database has none. */
  poolGauges: boolean;
  series: SeriesByDoor;
  /** Every series, for the scrape. */
  allSeries: RequestSeries[];
  loginRefusals: Counter<"limit">;
  idempotencyReplays: Counter;
  webhookDeliveries: Counter<"outcome">;
}

interface MetricsState {
  metrics?: Metrics;
  /** What the PostgreSQL pool is doing now (deps.ts); unset on the embedded database. */
  databasePool?: () => PoolStats | undefined;
}

const globalForMetrics = globalThis as unknown as { customerRecordsMetrics?: MetricsState };
const state: MetricsState = (globalForMetrics.customerRecordsMetrics ??= {});

/**
 * Seconds. A legacy update takes a few milliseconds: finer buckets below 10 ms
 * than prom-client's defaults, which start at 5 ms.
 */
const REQUEST_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Routes kept per door. Route patterns are a fixed set, but tRPC batches
 * name several procedures (`customer.byId,reference.list`): past this many,
 * a new route is counted as `{other}` rather than growing the series forever.
 */
const MAX_ROUTES_PER_DOOR = 200;
const OTHER_ROUTE = "{other}";

const LOGIN_LIMITS = ["account_address", "address"] as const;

const WEBHOOK_OUTCOMES = ["succeeded", "failed", "abandoned"] as const;

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * A metric the registry writes from the request series at each scrape. The
 * registry writes any metric that has a name, a help, a type and `get()`
 * answering its samples (prom-client 15's Registry; the tests read what it
 * writes); prom-client's own classes would keep their samples themselves.
 */
interface ScrapedMetric {
  name: string;
  help: string;
  type: "counter" | "histogram";
  aggregator: "sum";
  get(): Promise<{ name: string; help: string; type: string; aggregator: "sum"; values: ScrapedSample[] }>;
  reset(): void;
}

interface ScrapedSample {
  metricName?: string;
  labels: Record<string, string | number>;
  value: number;
}

function scrapedMetric(
  registry: Registry,
  definition: Pick<ScrapedMetric, "name" | "help" | "type">,
  samples: () => ScrapedSample[],
): void {
  const metric: ScrapedMetric = {
    ...definition,
    aggregator: "sum",
    get: async () => ({ ...definition, aggregator: "sum", values: samples() }),
    // `registry.resetMetrics()`: the series count from the process's start
    reset: () => {},
  };
  registry.registerMetric(metric as unknown as Metric);
}

const REQUEST_HELP = "by door (legacy, trpc, uploads, import, probes), route pattern, method and status";

/** `http_requests_total` and `http_request_duration_seconds`, made of the request series. */
function registerRequestMetrics(registry: Registry, allSeries: readonly RequestSeries[]): void {
  scrapedMetric(registry, { name: "http_requests_total", help: `Requests answered, ${REQUEST_HELP}.`, type: "counter" }, () =>
    allSeries.map((series) => ({ labels: series.labels, value: series.count })),
  );
  const name = "http_request_duration_seconds";
  scrapedMetric(
    registry,
    { name, help: `Time from a request's arrival at its door to its answer's status and headers, in seconds, ${REQUEST_HELP}.`, type: "histogram" },
    () =>
      allSeries.flatMap((series) => {
        let cumulative = 0;
        return [
          ...REQUEST_DURATION_BUCKETS.map((bound, index) => {
            cumulative += series.buckets[index]!;
            return { metricName: `${name}_bucket`, labels: { ...series.labels, le: bound }, value: cumulative };
          }),
          { metricName: `${name}_bucket`, labels: { ...series.labels, le: "+Inf" }, value: series.count },
          { metricName: `${name}_sum`, labels: series.labels, value: series.sum },
          { metricName: `${name}_count`, labels: series.labels, value: series.count },
        ];
      }),
  );
}

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const allSeries: RequestSeries[] = [];
  registerRequestMetrics(registry, allSeries);

  const loginRefusals = new Counter({
    name: "login_throttle_refusals_total",
    help: "Sign-ins refused by the throttle before their password was checked, by the limit reached: account_address (failures of one account from one address) or address (failures from one address in a day).",
    labelNames: ["limit"] as const,
    registers: [registry],
  });
  // shown at 0 from the start, so that a rate over them is defined before the first refusal
  for (const limit of LOGIN_LIMITS) loginRefusals.inc({ limit }, 0);

  const webhookDeliveries = new Counter({
    name: "webhook_deliveries_total",
    help: "Webhook delivery attempts recorded by this instance's worker, by outcome: succeeded (2xx), failed (retried later) or abandoned (failed for good, or a 410).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  for (const outcome of WEBHOOK_OUTCOMES) webhookDeliveries.inc({ outcome }, 0);

  return {
    registry,
    poolGauges: false,
    series: new Map(),
    allSeries,
    loginRefusals,
    idempotencyReplays: new Counter({
      name: "idempotency_replays_total",
      help: "Legacy API requests answered with the kept answer of an earlier request with the same Idempotency-Key.",
      registers: [registry],
    }),
    webhookDeliveries,
  };
}

/** The PostgreSQL pool's gauges, read from the pool at each scrape. */
function registerPoolGauges(metrics: Metrics): void {
  if (metrics.poolGauges) return;
  metrics.poolGauges = true;
  const registers = [metrics.registry];
  const pool = () => state.databasePool?.();
  new Gauge({
    name: "db_pool_connections",
    help: "Open connections of the PostgreSQL pool by state: in_use (running a statement, held by a transaction, or connecting for one) or idle.",
    labelNames: ["state"] as const,
    registers,
    collect() {
      const stats = pool();
      if (!stats) return;
      this.set({ state: "in_use" }, stats.inUse);
      this.set({ state: "idle" }, stats.idle);
    },
  });
  new Gauge({
    name: "db_pool_max_connections",
    help: "Size of the PostgreSQL pool (DATABASE_POOL_SIZE).",
    registers,
    collect() {
      this.set(pool()?.max ?? 0);
    },
  });
  new Gauge({
    name: "db_pool_waiting_requests",
    help: "Statements waiting for a free connection of the PostgreSQL pool.",
    registers,
    collect() {
      this.set(pool()?.waiting ?? 0);
    },
  });
}

/** Creates the metrics (once per process); the events from now on are counted. */
export function enableMetrics(): Registry {
  state.metrics ??= createMetrics();
  if (state.databasePool) registerPoolGauges(state.metrics);
  return state.metrics.registry;
}

/** The PostgreSQL pool (deps.ts), which the pool's gauges read at each scrape. */
export function observeDatabasePool(read: () => PoolStats | undefined): void {
  state.databasePool = read;
  if (state.metrics) registerPoolGauges(state.metrics);
}

function newSeries(metrics: Metrics, door: Door, route: string, method: string, status: number): RequestSeries {
  const series = { labels: { door, route, method, status: String(status) }, count: 0, sum: 0, buckets: new Float64Array(REQUEST_DURATION_BUCKETS.length) };
  metrics.allSeries.push(series);
  return series;
}

/** The series of these labels, made on first use; no allocation once it exists. */
function seriesOf(metrics: Metrics, door: Door, route: string, method: string, status: number): RequestSeries {
  let routes = metrics.series.get(door);
  if (routes === undefined) metrics.series.set(door, (routes = new Map()));
  let methods = routes.get(route);
  if (methods === undefined) {
    if (routes.size >= MAX_ROUTES_PER_DOOR) route = OTHER_ROUTE;
    methods = routes.get(route);
    if (methods === undefined) routes.set(route, (methods = new Map()));
  }
  let statuses = methods.get(method);
  if (statuses === undefined) methods.set(method, (statuses = new Map()));
  let series = statuses.get(status);
  if (series === undefined) statuses.set(status, (series = newSeries(metrics, door, route, method, status)));
  return series;
}

/**
 * One answered request (serve-request.ts). `route` is its pattern, null when
 * it was refused before its route was known.
 */
export function recordRequest(door: Door, route: string | null, method: string, status: number, seconds: number): void {
  const metrics = state.metrics;
  if (!metrics) return;
  const series = seriesOf(metrics, door, route ?? "unknown", KNOWN_METHODS.has(method) ? method : "other", status);
  series.count += 1;
  series.sum += seconds;
  for (let bucket = 0; bucket < REQUEST_DURATION_BUCKETS.length; bucket++) {
    if (seconds <= REQUEST_DURATION_BUCKETS[bucket]!) {
      series.buckets[bucket]! += 1;
      break;
    }
  }
}

/** A sign-in refused by the throttle (auth/login-throttle.ts). */
export function recordLoginRefusal(limit: (typeof LOGIN_LIMITS)[number]): void {
  state.metrics?.loginRefusals.inc({ limit });
}

/** A request answered with an Idempotency-Key's kept answer (legacy/idempotency.ts). */
export function recordIdempotencyReplay(): void {
  state.metrics?.idempotencyReplays.inc();
}

/** A webhook delivery attempt recorded by the worker (webhooks/attempt-webhook-delivery.ts). */
export function recordWebhookDelivery(outcome: (typeof WEBHOOK_OUTCOMES)[number]): void {
  state.metrics?.webhookDeliveries.inc({ outcome });
}
