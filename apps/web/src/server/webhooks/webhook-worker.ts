/**
 * The webhook worker: runs in every app process (deps.ts starts it), on
 * PostgreSQL and on the embedded database alike, with nothing to set up. Each
 * round, in this order:
 *
 * 1. Feed (one transaction, fan-out-webhook-events.ts): every enabled
 *    endpoint with new events, locked with SKIP LOCKED, gets a `pending`
 *    delivery per event and its feed position moved past them.
 *    Crash before the commit: nothing happened; the next round reads the
 *    same events. After it: the deliveries exist, and are sent below.
 *
 * 2. Claim (one statement, committed before anything is sent): due
 *    deliveries (`pending` whose time has come, or `sending` whose lease ran
 *    out) of enabled endpoints, locked with SKIP LOCKED, become `sending`
 *    with this round's lease id until now + 60 s. Another instance skips them
 *    from the moment they are locked, and finds them no longer due once this
 *    commits: two instances never claim one attempt at once.
 *    Crash after the claim: the rows stay `sending` until the lease runs out,
 *    then any worker takes them again, as the same attempt.
 *
 * 3. Send (no transaction open, send-webhook.ts): signed, to a checked
 *    address, at most 15 s, well inside the lease, so a lease never runs out
 *    under a live send.
 *    Crash during or after the send, before 4: the receiver may have got it;
 *    the attempt is sent again after the lease, with the same `webhook-id`.
 *    Delivery is at least once: a receiver drops an id it has already seen.
 *
 * 4. Record (one transaction, attempt-webhook-delivery.ts): the attempt's
 *    outcome, only while the row still holds this lease; the next attempt's
 *    row when it is retried; the endpoint's failing time, or its disabling
 *    (410, or 5 days of failures, audited).
 *    Crash before the commit: as in 3.
 *
 * Sends run side by side, up to `concurrency` at a time; the feed and the
 * due attempts are read every `pollIntervalMs`, and again at once while
 * there is more (see `round`). Order
 * between events is not kept (a retried one comes after later ones): a
 * receiver orders a customer's events by their `version`.
 */
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";

import type { Database } from "@cr/db/client";
import { claimDueWebhookDeliveries } from "@cr/db/repositories";

import { logError } from "../log";
import { attemptWebhookDelivery, type WebhookAttemptOutcome, type WebhookDeliveryContext } from "./attempt-webhook-delivery";
import { fanOutWebhookEvents } from "./fan-out-webhook-events";
import { type ResolveHostname, resolveWithSystem } from "./outbound-address";
import { createWebhookAgents, WEBHOOK_TIMEOUT_MS } from "./send-webhook";

/** How long a claimed attempt is this worker's: well over the 15 s a send may take. */
export const WEBHOOK_LEASE_MS = 60_000;

export interface WebhookWorkerOptions {
  db: Database;
  now?: () => Date;
  /** Seconds after attempt 1, 2, ... (WEBHOOK_RETRY_SCHEDULE or the default). */
  retrySchedule: readonly number[];
  /** WEBHOOK_ALLOW_PRIVATE: `http://` URLs and private addresses allowed. */
  allowPrivate: boolean;
  resolve?: ResolveHostname;
  /** Pause of an idle worker; 1 s by default. */
  pollIntervalMs?: number;
  /** Sends at once; 32 by default. */
  concurrency?: number;
  leaseMs?: number;
  timeoutMs?: number;
  random?: () => number;
  onAttempt?: (outcome: WebhookAttemptOutcome) => void;
}

export interface WebhookWorker {
  /** Stops claiming, aborts the sends under way (their rows are taken again after their lease) and waits for the loop to end. */
  stop(): Promise<void>;
}

export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const now = options.now ?? (() => new Date());
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const concurrency = options.concurrency ?? 32;
  const leaseMs = options.leaseMs ?? WEBHOOK_LEASE_MS;
  const stopping = new AbortController();
  // every send under way listens to it (and stops listening when done): more than Node's default 10
  setMaxListeners(concurrency + 1, stopping.signal);
  const agents = createWebhookAgents();
  const context: WebhookDeliveryContext = {
    db: options.db,
    now,
    retrySchedule: options.retrySchedule,
    allowPrivate: options.allowPrivate,
    resolve: options.resolve ?? resolveWithSystem,
    agents,
    timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
    random: options.random,
    onAttempt: options.onAttempt,
  };
  const inFlight = new Set<Promise<void>>();
  let wake: (() => void) | undefined;
  const nudge = () => wake?.();

  /** Waits `ms`, or less when a send ends or the worker stops. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      // the worker never holds a process open by itself
      const timer = setTimeout(done, ms).unref();
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  // Rounds are cheap when idle (two statements a poll) and batched when busy:
  // the feed is read again at once while it yields events, due attempts are
  // claimed half the free slots at a time or more, and a claim that got fewer
  // than it asked for means nothing else is due until the next poll.
  let lastPollAt = -Infinity;
  let feedHasMore = false;
  let moreDue = false;

  async function round(): Promise<void> {
    if (Date.now() - lastPollAt >= pollIntervalMs) {
      lastPollAt = Date.now();
      feedHasMore = moreDue = true;
    }
    if (feedHasMore) {
      feedHasMore = await fanOutWebhookEvents(options.db, now());
      if (feedHasMore) moreDue = true;
    }
    const free = concurrency - inFlight.size;
    if (!moreDue || free < Math.ceil(concurrency / 2)) return;
    const claimedAt = now();
    const claimed = await claimDueWebhookDeliveries(options.db, {
      now: claimedAt,
      leaseUntil: new Date(claimedAt.getTime() + leaseMs),
      leaseId: randomUUID(),
      max: free,
    });
    moreDue = claimed.length === free;
    for (const delivery of claimed) {
      const sending: Promise<void> = attemptWebhookDelivery(delivery, context, stopping.signal)
        .then(() => undefined)
        .catch((error: unknown) => logError("webhook delivery failed to record", error, { deliveryId: delivery.id }))
        .finally(() => {
          inFlight.delete(sending);
          nudge();
        });
      inFlight.add(sending);
    }
  }

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await round();
      } catch (error) {
        // the database is away, say: the next poll tries again
        feedHasMore = moreDue = false;
        logError("webhook worker round failed", error);
      }
      if (stopping.signal.aborted) break;
      const canClaim = moreDue && concurrency - inFlight.size >= Math.ceil(concurrency / 2);
      if (!feedHasMore && !canClaim) await pause(Math.max(0, lastPollAt + pollIntervalMs - Date.now()));
    }
  })();

  return {
    async stop() {
      stopping.abort();
      nudge();
      await loop;
      await Promise.all([...inFlight]);
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
