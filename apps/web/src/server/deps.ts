/**
 * What the server's doors need, built once per process from env.ts. Route
 * handlers and the tRPC context take these through `getServerDeps()`; tests
 * build their own with `createServerDeps` and a test database.
 */
import { createDatabase, type Database, embeddedDatabaseDir } from "@cr/db/client";
import { type CommittedMigration, readCommittedMigrations } from "@cr/db/migrations";
import { deleteCustomerEventsBefore, deleteExpiredIdempotencyKeys, deleteWebhookDeliveriesBefore } from "@cr/db/repositories";
import { poolStats, withStatementTracing } from "@cr/db/telemetry";

import { env } from "~/env";

import { createLoginThrottle, type LoginLimits, type LoginThrottle } from "./auth/login-throttle";
import { createPictureStorage, type PictureStorage } from "./pictures/picture-storage";
import { createRateLimiter, type RateLimiter } from "./legacy/rate-limiter";
import { logError, logWarning } from "./log";
import { observeDatabasePool, recordWebhookDelivery } from "./observability/metrics";
import { statementTracing } from "./observability/tracing";
import { sweepPendingPictures } from "./services/sweep-pending-pictures";
import { startWebhookWorker } from "./webhooks/webhook-worker";
import { type WebhookSettings, webhookSettingsOf } from "./webhooks/webhook-settings";

export interface ServerConfig {
  /** Absolute URL of the app, without a trailing slash (`logo` URLs). */
  publicBaseUrl: string;
  sessionTtlHours: number;
  maxRequestBytes: number;
  /** Reverse proxies in front of the app (TRUST_PROXY); unset: none, clients connect directly. */
  trustedProxies?: number;
  /** How long a retry waits for its key's first request to answer before 409; unset: 10 s (tests shorten it). */
  idempotencyWaitMs?: number;
  /** Webhooks' settings (WEBHOOK_*); unset fields: https and public addresses only, the default retry schedule. */
  webhooks?: Partial<WebhookSettings>;
}

export interface ServerDeps {
  db: Database;
  pictureStorage: PictureStorage;
  rateLimiter: RateLimiter;
  loginThrottle: LoginThrottle;
  config: ServerConfig;
  now: () => Date;
  /** The migrations this build expects the database to have applied (readiness); read on first use. */
  committedMigrations: () => readonly CommittedMigration[];
}

export function createServerDeps(args: {
  db: Database;
  pictureStorage: PictureStorage;
  config: ServerConfig;
  rateLimitPerMinute: number;
  /** Sign-in throttling; unset fields keep the defaults. */
  loginLimits?: Partial<LoginLimits>;
  now?: () => Date;
  /** Folder of the committed migrations; unset: MIGRATIONS_DIR's. */
  migrationsDir?: string;
}): ServerDeps {
  const now = args.now ?? (() => new Date());
  const migrationsDir = args.migrationsDir ?? env.migrationsDir;
  let committed: readonly CommittedMigration[] | undefined;
  return {
    db: args.db,
    pictureStorage: args.pictureStorage,
    rateLimiter: createRateLimiter({ limit: args.rateLimitPerMinute, windowMs: 60_000, now }),
    loginThrottle: createLoginThrottle({ db: args.db, now, limits: args.loginLimits }),
    config: args.config,
    now,
    // read when first asked, so that a missing folder makes the instance unready, not unable to start
    committedMigrations: () => (committed ??= readCommittedMigrations(migrationsDir)),
  };
}

// Kept on globalThis so that `next dev` reloads reuse one database: the
// embedded one can only be opened once per process.
const globalForDeps = globalThis as unknown as { serverDeps?: Promise<ServerDeps> };

const PICTURE_SWEEP_INTERVAL_MS = 15 * 60_000;
const LOGIN_THROTTLE_SWEEP_INTERVAL_MS = 15 * 60_000;

/** Resolves pictures left pending by crashed updates, now and then every 15 minutes. */
function startPictureSweeper(deps: ServerDeps): void {
  const sweep = () => void sweepPendingPictures({ deps }).catch((error: unknown) => logError("picture sweep failed", error));
  sweep();
  setInterval(sweep, PICTURE_SWEEP_INTERVAL_MS).unref();
}

/** Deletes expired sign-in counters every 15 minutes, so that a spray of e-mails leaves no rows behind. */
function startLoginThrottleSweeper(deps: ServerDeps): void {
  const sweep = () => void deps.loginThrottle.sweep().catch((error: unknown) => logError("login throttle sweep failed", error));
  setInterval(sweep, LOGIN_THROTTLE_SWEEP_INTERVAL_MS).unref();
}

const IDEMPOTENCY_SWEEP_INTERVAL_MS = 60 * 60_000;

/** Deletes the Idempotency-Key answers past their 24 hours, every hour (expired ones are never replayed meanwhile). */
function startIdempotencySweeper(deps: ServerDeps): void {
  const sweep = () =>
    void deleteExpiredIdempotencyKeys(deps.db, deps.now()).catch((error: unknown) => logError("idempotency key sweep failed", error));
  setInterval(sweep, IDEMPOTENCY_SWEEP_INTERVAL_MS).unref();
}

const EVENT_SWEEP_INTERVAL_MS = 60 * 60_000;

/** Deletes the change feed's events older than EVENT_RETENTION_DAYS, now and then every hour. */
function startEventSweeper(deps: ServerDeps): void {
  const sweep = () => {
    const before = new Date(deps.now().getTime() - env.eventRetentionDays * 86_400_000);
    void deleteCustomerEventsBefore(deps.db, before).catch((error: unknown) => logError("event sweep failed", error));
  };
  sweep();
  setInterval(sweep, EVENT_SWEEP_INTERVAL_MS).unref();
}

/** Sends the webhooks of every organization, from every instance (webhooks/webhook-worker.ts tells how they share). */
function startWebhooks(deps: ServerDeps): void {
  const settings = webhookSettingsOf(deps.config);
  if (settings.allowPrivate) {
    logWarning("WEBHOOK_ALLOW_PRIVATE=true: webhooks may go to http:// URLs and to private, loopback and link-local addresses. Never set it in production.");
  }
  startWebhookWorker({ db: deps.db, now: deps.now, ...settings, onAttempt: (outcome) => recordWebhookDelivery(outcome.status) });
  // attempts are listed as long as the events are kept
  const sweep = () => {
    const before = new Date(deps.now().getTime() - env.eventRetentionDays * 86_400_000);
    void deleteWebhookDeliveriesBefore(deps.db, before).catch((error: unknown) => logError("webhook delivery sweep failed", error));
  };
  setInterval(sweep, EVENT_SWEEP_INTERVAL_MS).unref();
}

async function buildServerDeps(): Promise<ServerDeps> {
  const handle = await createDatabase(
    env.databaseUrl
      ? { url: env.databaseUrl, maxConnections: env.databasePoolSize, preparedStatements: env.databasePreparedStatements }
      : {
          dataDir: embeddedDatabaseDir(env.dataDir),
          migrationsFolder: env.migrationsDir,
          // a second app on the same folder would stop working with the first: refuse it
          whenHeld: "refuse",
          holderName: "the app (pnpm dev or pnpm start)",
        },
  );
  if (handle.kind === "postgres") observeDatabasePool(() => poolStats(handle.db));
  const deps = createServerDeps({
    // with tracing configured, every statement gets its span; else the driver is called as it is
    db: env.tracing.enabled ? withStatementTracing(handle.db, statementTracing) : handle.db,
    pictureStorage: createPictureStorage({
      uploadthingToken: env.uploadthing.token,
      uploadthingIngestUrl: env.uploadthing.ingestUrl,
      uploadthingApiUrl: env.uploadthing.apiUrl,
      localRootDir: `${env.dataDir}/uploads`,
    }),
    config: {
      publicBaseUrl: env.publicBaseUrl,
      sessionTtlHours: env.sessionTtlHours,
      maxRequestBytes: env.maxRequestBytes,
      trustedProxies: env.trustedProxies,
      webhooks: env.webhooks,
    },
    rateLimitPerMinute: env.rateLimitPerMinute,
  });
  startPictureSweeper(deps);
  startLoginThrottleSweeper(deps);
  startIdempotencySweeper(deps);
  startEventSweeper(deps);
  startWebhooks(deps);
  return deps;
}

export function getServerDeps(): Promise<ServerDeps> {
  globalForDeps.serverDeps ??= buildServerDeps().catch((error: unknown) => {
    globalForDeps.serverDeps = undefined;
    throw error;
  });
  return globalForDeps.serverDeps;
}
