/**
 * Sign-in throttling after OWASP's authentication guidance and
 * rate-limiter-flexible's login-protection recipe:
 *
 * - consecutive failures of one account from one client address: past the
 *   limit that pair is refused for a while (a guesser is stopped, while the
 *   account's owner still signs in from anywhere else: no one can lock
 *   another person out);
 * - failures from one address over all accounts, per day: one address
 *   spraying a password over many e-mails is stopped too;
 * - the right password forgets the pair's failures.
 *
 * Every attempt is counted before its password is checked, so parallel
 * requests cannot overtake the count; a success gives the address its point
 * back. The counters live in the database (`login-throttle-store.ts`), so
 * every app instance counts together. Keys are hashes of the normalized
 * e-mail and the address bucket: the table holds neither.
 */
import { createHash } from "node:crypto";

import { deleteExpiredLoginThrottleCounters } from "@cr/db/repositories";
import type { Database } from "@cr/db/client";
import { normalizeEmail } from "@cr/domain";
import { RateLimiterRes } from "rate-limiter-flexible";

import { recordLoginRefusal } from "../observability/metrics";
import { addressBucket } from "./client-address";
import { LoginThrottleStore } from "./login-throttle-store";

export interface LoginLimits {
  /** Wrong passwords in a row for one account from one address before that pair is refused. */
  failuresPerAccountAndAddress: number;
  /** How long a refused pair stays refused, in seconds. */
  pairBlockSeconds: number;
  /** Wrong passwords from one address over all accounts in a day; past them the address waits a day. */
  failuresPerAddressPerDay: number;
}

export const defaultLoginLimits: LoginLimits = {
  failuresPerAccountAndAddress: 10,
  pairBlockSeconds: 60 * 60,
  failuresPerAddressPerDay: 100,
};

const DAY_SECONDS = 24 * 60 * 60;
/** How long a pair's failures are remembered when no success resets them. */
const PAIR_MEMORY_SECONDS = 90 * DAY_SECONDS;

export type LoginAttempt =
  | { allowed: true; /** The password was right: forget the pair's failures. */ succeeded(): Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

export interface LoginThrottle {
  /** Counts an attempt to sign in as `email` from `clientAddress`, before the password is checked. */
  attempt(args: { email: string; clientAddress: string }): Promise<LoginAttempt>;
  /** Deletes the counters that have expired. */
  sweep(): Promise<void>;
}

function keyOf(...parts: string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/** A refusal of the limiter becomes the wait it asks for (and is counted); a store fault stays a fault. */
function refusal(rejection: unknown, limit: "account_address" | "address"): LoginAttempt {
  if (!(rejection instanceof RateLimiterRes)) throw rejection;
  recordLoginRefusal(limit);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
}

export function createLoginThrottle(options: { db: Database; now: () => Date; limits?: Partial<LoginLimits> }): LoginThrottle {
  const limits = { ...defaultLoginLimits, ...options.limits };
  const pairs = new LoginThrottleStore({
    db: options.db,
    now: options.now,
    keyPrefix: "login_fail_account_address",
    points: limits.failuresPerAccountAndAddress,
    duration: PAIR_MEMORY_SECONDS,
    blockDuration: limits.pairBlockSeconds,
  });
  const addresses = new LoginThrottleStore({
    db: options.db,
    now: options.now,
    keyPrefix: "login_fail_address_day",
    points: limits.failuresPerAddressPerDay,
    duration: DAY_SECONDS,
    blockDuration: DAY_SECONDS,
  });

  return {
    async attempt({ email, clientAddress }) {
      const bucket = addressBucket(clientAddress);
      const pairKey = keyOf(normalizeEmail(email), bucket);
      const addressKey = keyOf(bucket);
      try {
        await pairs.consume(pairKey);
      } catch (rejection) {
        return refusal(rejection, "account_address");
      }
      try {
        await addresses.consume(addressKey);
      } catch (rejection) {
        // no password is checked, so the pair has not failed once more
        await pairs.reward(pairKey);
        return refusal(rejection, "address");
      }
      return {
        allowed: true,
        async succeeded() {
          await Promise.all([pairs.delete(pairKey), addresses.reward(addressKey)]);
        },
      };
    },

    async sweep() {
      await deleteExpiredLoginThrottleCounters(options.db, options.now());
    },
  };
}
