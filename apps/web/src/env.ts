/**
 * The web app's configuration, read and validated once. Nothing else in the
 * app reads `process.env` (lint enforces it).
 */
import path from "node:path";

import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),

  /** PostgreSQL connection string; unset means the embedded PGlite database in DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Connections of the pool to DATABASE_URL (each instance has its own pool). */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
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
};

export type Env = typeof env;
