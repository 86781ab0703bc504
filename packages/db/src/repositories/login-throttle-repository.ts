/**
 * The sign-in throttle's counters (`login_throttle`). The web app's limiter
 * store calls these; each is one statement, so two app instances counting the
 * same key never lose a point. Times come from the caller's clock, which also
 * decides what has expired.
 */
import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";

import type { Database } from "../client";
import { loginThrottle } from "../schema";

export interface LoginThrottleCounter {
  points: number;
  /** null: never expires. */
  expiresAt: Date | null;
}

/**
 * Adds `points` to a key and answers its new count. A missing or expired
 * counter starts again from `points` with `expiresAt`; `replace` sets both
 * whatever was there (a block).
 */
export async function addLoginThrottlePoints(
  db: Database,
  args: { key: string; points: number; expiresAt: Date | null; now: Date; replace: boolean },
): Promise<LoginThrottleCounter> {
  // raw SQL parameters are encoded through the column, as Drizzle's own values are
  const asExpiry = (date: Date | null) => sql.param(date, loginThrottle.expiresAt);
  const expired = sql`${loginThrottle.expiresAt} <= ${asExpiry(args.now)}`;
  const [row] = await db
    .insert(loginThrottle)
    .values({ key: args.key, points: args.points, expiresAt: args.expiresAt })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: args.replace
        ? { points: args.points, expiresAt: args.expiresAt }
        : {
            points: sql`case when ${expired} then ${args.points} else ${loginThrottle.points} + ${args.points} end`,
            expiresAt: sql`case when ${expired} then ${asExpiry(args.expiresAt)}::timestamptz else ${loginThrottle.expiresAt} end`,
          },
    })
    .returning({ points: loginThrottle.points, expiresAt: loginThrottle.expiresAt });
  return row!;
}

export async function findLoginThrottleCounter(db: Database, key: string, now: Date): Promise<LoginThrottleCounter | undefined> {
  const [row] = await db
    .select({ points: loginThrottle.points, expiresAt: loginThrottle.expiresAt })
    .from(loginThrottle)
    .where(and(eq(loginThrottle.key, key), or(isNull(loginThrottle.expiresAt), gt(loginThrottle.expiresAt, now))));
  return row;
}

/** Answers whether there was a counter to delete. */
export async function deleteLoginThrottleCounter(db: Database, key: string): Promise<boolean> {
  const rows = await db.delete(loginThrottle).where(eq(loginThrottle.key, key)).returning({ key: loginThrottle.key });
  return rows.length > 0;
}

/** Removes the counters expired by `now`; answers how many. */
export async function deleteExpiredLoginThrottleCounters(db: Database, now: Date): Promise<number> {
  const rows = await db.delete(loginThrottle).where(lte(loginThrottle.expiresAt, now)).returning({ key: loginThrottle.key });
  return rows.length;
}
