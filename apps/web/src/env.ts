/**
 * The web app's configuration, read and validated once. Nothing else in the
 * app reads `process.env` (lint enforces it).
 */
import path from "node:path";

import { defaultWebhookRetryScheduleSeconds, parseWebhookRetrySchedule } from "@cr/domain";
import { z } from "zod";

/** OTLP over HTTP, in protobuf (the specification's default) or JSON; gRPC is not installed. */
const otlpProtocol = z
  .enum(["http/protobuf", "http/json"], { error: "this app exports OTLP over HTTP only: http/protobuf or http/json" })
  .optional();

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),

  /** PostgreSQL connection string; unset means the embedded PGlite database in DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Connections of the pool to DATABASE_URL (each instance has its own pool). */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /**
   * `false` when DATABASE_URL is a transaction pooler (PgBouncer `pool_mode =
   * transaction`): statements go unnamed and nothing is set at connect
   * (packages/db/src/client.ts).
   */
  DATABASE_PREPARED_STATEMENTS: z.enum(["true", "false"]).default("true"),
  /** The project's data folder: embedded database and locally stored pictures. */
  DATA_DIR: z.string().min(1).optional(),
  /** Absolute URL the app is reached at; used for `logo` URLs. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  /** When set, pictures are stored with uploadthing instead of the local disk. */
  UPLOADTHING_TOKEN: z.string().min(1).optional(),
  UPLOADTHING_INGEST_URL: z.string().url().optional(),
  UPLOADTHING_API_URL: z.string().url().optional(),
  /** Hours a sign-in (cookie session) stays valid. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Legacy API requests allowed per credential and minute before 429. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /**
   * Reverse proxies in front of the app that append the client's address to
   * X-Forwarded-For; 0 (the default): clients reach the app directly and the
   * header is taken from the socket.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  /** Largest request body accepted by any door (legacy API and tRPC), in bytes (413 past it). */
  MAX_REQUEST_BYTES: z.coerce.number().int().positive().default(3 * 1024 * 1024),
  /** Folder of the committed migrations; the default is the workspace's packages/db/migrations. */
  MIGRATIONS_DIR: z.string().min(1).optional(),
  /** Lowest level written to the log; `info` writes one line per request, `warn` only faults. */
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** Port of the Prometheus scrape (`GET /metrics`), a listener of its own beside the app's; unset: no metrics. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),

  // OpenTelemetry traces (server/observability/tracing-sdk.ts), by the standard variables: off
  // unless an OTLP endpoint is set. Read here to decide whether the SDK is loaded at all; the
  // SDK then reads these and the other OTEL_* variables itself (headers, timeout, sampler,
  // batch sizes, resource attributes), as the OpenTelemetry specification has it.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol,
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol,
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** The specification's switch: `true` keeps the SDK off whatever else is set. */
  OTEL_SDK_DISABLED: z.string().optional(),
  /** Days the change feed keeps an event before the sweep deletes it. */
  EVENT_RETENTION_DAYS: z.coerce.number().positive().default(30),
  /** Seconds between a webhook's attempts, comma-separated (`5,300,1800`); unset: the default schedule (domain webhooks.ts). */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .optional()
    .transform((text, context) => {
      if (text === undefined || text.trim() === "") return undefined;
      const schedule = parseWebhookRetrySchedule(text);
      if (!schedule) context.addIssue({ code: "custom", message: "WEBHOOK_RETRY_SCHEDULE must be seconds, comma-separated: 5,300,1800" });
      return schedule;
    }),
  /** `true`: webhooks may go to `http://` URLs and private addresses (local development, tests). Never in production. */
  WEBHOOK_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false"),
});

/**
 * Every variable the app reads. `pnpm dev` and `pnpm start` run through
 * Turborepo, which hands a task only the variables turbo.json declares:
 * a test checks that each of these is declared there and documented in the README.
 */
export const appEnvVariables = Object.keys(EnvSchema.shape) as (keyof typeof EnvSchema.shape)[];

const parsed = EnvSchema.parse(process.env);

// `next dev` and `next start` run in apps/web; the workspace root is two levels up.
// (`turbopackIgnore`: these are run-time data folders, not files to bundle or trace.)
const workspaceRoot = path.resolve(process.cwd(), "../..");

export const env = {
  nodeEnv: parsed.NODE_ENV,
  databaseUrl: parsed.DATABASE_URL,
  databasePoolSize: parsed.DATABASE_POOL_SIZE,
  databasePreparedStatements: parsed.DATABASE_PREPARED_STATEMENTS === "true",
  dataDir: path.resolve(/*turbopackIgnore: true*/ parsed.DATA_DIR ?? path.join(workspaceRoot, ".data")),
  /** Port of the production server when `--port` does not say (`next start` reads PORT the same way). */
  port: parsed.PORT,
  publicBaseUrl: (parsed.PUBLIC_BASE_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, ""),
  uploadthing: {
    token: parsed.UPLOADTHING_TOKEN,
    ingestUrl: parsed.UPLOADTHING_INGEST_URL,
    apiUrl: parsed.UPLOADTHING_API_URL,
  },
  sessionTtlHours: parsed.SESSION_TTL_HOURS,
  rateLimitPerMinute: parsed.RATE_LIMIT_PER_MINUTE,
  trustedProxies: parsed.TRUST_PROXY,
  maxRequestBytes: parsed.MAX_REQUEST_BYTES,
  migrationsDir: path.resolve(/*turbopackIgnore: true*/ parsed.MIGRATIONS_DIR ?? path.join(workspaceRoot, "packages/db/migrations")),
  logLevel: parsed.LOG_LEVEL,
  metricsPort: parsed.METRICS_PORT,
  tracing: {
    enabled:
      parsed.OTEL_SDK_DISABLED?.trim().toLowerCase() !== "true" &&
      (parsed.OTEL_EXPORTER_OTLP_ENDPOINT ?? parsed.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) !== undefined,
    protocol: parsed.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? parsed.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf",
    serviceName: parsed.OTEL_SERVICE_NAME ?? "customer-records",
  },
  eventRetentionDays: parsed.EVENT_RETENTION_DAYS,
  webhooks: {
    retrySchedule: parsed.WEBHOOK_RETRY_SCHEDULE ?? defaultWebhookRetryScheduleSeconds,
    allowPrivate: parsed.WEBHOOK_ALLOW_PRIVATE === "true",
  },
};

export type Env = typeof env;
