/**
 * Transactions that PostgreSQL may abort because of another one running at
 * the same time (a deadlock, a serialization failure) are run again, a
 * bounded number of times, after a short random pause so that the two do not
 * collide again in step. Only the transaction is repeated: work done around it
 * (files stored before it, cleanup after it) stays with the caller, once.
 */
import { setTimeout as sleep } from "node:timers/promises";

import type { Database } from "./client";
import { isRetryableTransactionError } from "./errors";

export interface TransactionRetryOptions {
  /** Runs after the first attempt; 3 means at most 4 attempts in all. */
  retries?: number;
  /** Pause before the first retry, doubled for each further one, then jittered between half and all of it. */
  baseDelayMs?: number;
  /** Told of each retryable failure before its retry (logs, tests). */
  onRetry?: (error: unknown, retry: number) => void;
}

export const TRANSACTION_RETRIES = 3;
const BASE_DELAY_MS = 20;

export async function withTransactionRetry<T>(
  db: Database,
  work: (tx: Database) => Promise<T>,
  options: TransactionRetryOptions = {},
): Promise<T> {
  const retries = options.retries ?? TRANSACTION_RETRIES;
  const baseDelayMs = options.baseDelayMs ?? BASE_DELAY_MS;
  for (let retry = 1; ; retry++) {
    try {
      return await db.transaction((tx) => work(tx));
    } catch (error) {
      if (retry > retries || !isRetryableTransactionError(error)) throw error;
      options.onRetry?.(error, retry);
      const delay = baseDelayMs * 2 ** (retry - 1);
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
  }
}
