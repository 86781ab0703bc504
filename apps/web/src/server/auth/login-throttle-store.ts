/**
 * rate-limiter-flexible's counters kept in the project's database, through
 * Drizzle, so that every app instance counts together, on PostgreSQL and on
 * the embedded PGlite alike. The table is `login_throttle`, created by a
 * committed migration: nothing is created at run time.
 *
 * A store of our own rather than the library's `RateLimiterPostgres`: that
 * one sends its own SQL (`$n` text, `expire` as bigint milliseconds) to a
 * `pg` client and reads `rowCount`, while the project holds Drizzle over
 * postgres.js or PGlite, whose raw results differ in shape and in how they
 * return int8. The library's `RateLimiterDrizzle` imports drizzle-orm by a
 * name built at run time, out of the bundler's sight, and the web app has no
 * drizzle-orm of its own to resolve it from.
 * Here the same atomic upsert is written with the query builder
 * (`login-throttle-repository.ts`), and times come from the app's clock.
 */
import {
  addLoginThrottlePoints,
  deleteLoginThrottleCounter,
  findLoginThrottleCounter,
  type LoginThrottleCounter,
} from "@cr/db/repositories";
import type { Database } from "@cr/db/client";
import { RateLimiterRes } from "rate-limiter-flexible";
import RateLimiterStoreAbstract from "rate-limiter-flexible/lib/RateLimiterStoreAbstract.js";

export interface LoginThrottleStoreOptions {
  db: Database;
  now: () => Date;
  /** Namespace of the keys in the shared table. */
  keyPrefix: string;
  /** Points a key may consume within `duration` seconds. */
  points: number;
  duration: number;
  /** Seconds a key stays refused once it has passed `points`. */
  blockDuration: number;
}

/** Implements the store hooks that `RateLimiterStoreAbstract` calls (`_upsert`, `_get`, `_delete`). */
export class LoginThrottleStore extends RateLimiterStoreAbstract {
  readonly #db: Database;
  readonly #now: () => Date;

  constructor(options: LoginThrottleStoreOptions) {
    super({
      storeClient: options.db,
      keyPrefix: options.keyPrefix,
      points: options.points,
      duration: options.duration,
      blockDuration: options.blockDuration,
    });
    this.#db = options.db;
    this.#now = options.now;
  }

  _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false): Promise<LoginThrottleCounter> {
    const now = this.#now();
    return addLoginThrottlePoints(this.#db, {
      key: rlKey,
      points,
      expiresAt: msDuration > 0 ? new Date(now.getTime() + msDuration) : null,
      now,
      replace: forceExpire,
    });
  }

  async _get(rlKey: string): Promise<LoginThrottleCounter | null> {
    return (await findLoginThrottleCounter(this.#db, rlKey, this.#now())) ?? null;
  }

  _delete(rlKey: string): Promise<boolean> {
    return deleteLoginThrottleCounter(this.#db, rlKey);
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, counter: LoginThrottleCounter): RateLimiterRes {
    const msBeforeNext = counter.expiresAt ? Math.max(counter.expiresAt.getTime() - this.#now().getTime(), 0) : -1;
    return new RateLimiterRes(
      Math.max(this.points - counter.points, 0),
      msBeforeNext,
      counter.points,
      counter.points === changedPoints,
    );
  }
}
