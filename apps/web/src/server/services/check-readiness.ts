/**
 * Whether this instance should be given traffic (`GET /api/ready`): it is not
 * shutting down, its database answers within a second, and the database has
 * applied every migration this build was made with. A database ahead of the
 * build (a newer build migrated it first, in a rolling deployment) is ready:
 * migrations add before they take away, and taking every old instance out at
 * once would be an outage.
 *
 * Order: the drain first (no query while shutting down), then one query, raced
 * against the deadline. A query that loses the race is left to finish or fail
 * on its own (postgres.js cannot cancel one waiting for a connection); a
 * server that does not answer at all fails it after the pool's connect timeout.
 * The query waits for a free connection like any request's, so a pool busy
 * past the deadline reads as not ready too: this instance cannot take more.
 *
 * Probes come every few seconds: their failures are logged at debug only,
 * the reason is in the answer, and the faults show in the requests' own lines.
 */
import { findUnappliedMigrations } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { describeError, logger } from "../log";

/** How long the database may take to answer before the instance reads as unready. */
export const READINESS_DATABASE_TIMEOUT_MS = 1_000;

export type Readiness = { ready: true } | { ready: false; reason: string };

class DeadlinePassed extends Error {}

function withinDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlinePassed()), timeoutMs);
    timer.unref();
  });
  // the loser's rejection must not go unhandled
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function notReady(reason: string, error?: unknown): Readiness {
  logger.debug({ reason, ...(error !== undefined && { error: describeError(error) }) }, "not ready");
  return { ready: false, reason };
}

export async function checkReadiness(options: {
  deps: ServerDeps;
  draining: boolean;
  timeoutMs?: number;
}): Promise<Readiness> {
  const { deps } = options;
  if (options.draining) return notReady("shutting down");

  let committed;
  try {
    committed = deps.committedMigrations();
  } catch (error) {
    return notReady("the committed migrations cannot be read (MIGRATIONS_DIR)", error);
  }

  const timeoutMs = options.timeoutMs ?? READINESS_DATABASE_TIMEOUT_MS;
  let unapplied: string[];
  try {
    unapplied = await withinDeadline(findUnappliedMigrations(deps.db, committed), timeoutMs);
  } catch (error) {
    if (error instanceof DeadlinePassed) return notReady(`the database did not answer within ${timeoutMs} ms`);
    return notReady("the database cannot be queried", error);
  }
  if (unapplied.length > 0) return notReady(`migrations not applied: ${unapplied.join(", ")} (run pnpm db:migrate)`);
  return { ready: true };
}
