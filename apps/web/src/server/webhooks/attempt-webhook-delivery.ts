/**
 * One claimed attempt: send it, then record what came of it (the order, and
 * what a crash leaves behind, is told in webhook-worker.ts).
 *
 * - 2xx: succeeded; the endpoint is no longer failing.
 * - Anything else (3xx included: no redirect is followed), a timeout, a
 *   connection error or a refused address: failed, and the next attempt is
 *   scheduled after the retry schedule's delay (a 429 or 503's `Retry-After`
 *   instead, when it has one); once the schedule is spent, abandoned: failed
 *   for good, until an admin sends it again.
 * - 410 Gone: abandoned, and the endpoint disabled (`gone`).
 * - Every delivery failed for 5 days (`failing_since`): the endpoint is
 *   disabled (`failing`). The worker's disables are in the audit log, with
 *   no user.
 *
 * A test event is sent once: its outcome is shown to the admin who sent it,
 * and it tells nothing about the endpoint's health.
 */
import { retryAfterDelayMs, webhookRetryDelayMs, webhookTestEventType, type WebhookDisabledReason } from "@cr/domain";
import type { Database } from "@cr/db/client";
import {
  type ClaimedWebhookDelivery,
  completeSucceededWebhookDelivery,
  completeWebhookDelivery,
  disableWebhookEndpoint,
  insertWebhookDeliveries,
  markWebhookEndpointFailing,
  recordAuditEvent,
} from "@cr/db/repositories";

import type { ResolveHostname } from "./outbound-address";
import { type SendOutcome, sendWebhook, type SendOptions } from "./send-webhook";

/** An endpoint whose every delivery failed this long is disabled. */
export const WEBHOOK_FAILING_DISABLE_MS = 5 * 86_400_000;

export interface WebhookDeliveryContext {
  db: Database;
  now: () => Date;
  /** Seconds after attempt 1, 2, ... (WEBHOOK_RETRY_SCHEDULE). */
  retrySchedule: readonly number[];
  allowPrivate: boolean;
  resolve: ResolveHostname;
  agents: SendOptions["agents"];
  timeoutMs?: number;
  random?: () => number;
  /** Told each recorded attempt's outcome (metrics). */
  onAttempt?: (outcome: WebhookAttemptOutcome) => void;
}

export type WebhookAttemptStatus = "succeeded" | "failed" | "abandoned";

export interface WebhookAttemptOutcome {
  status: WebhookAttemptStatus;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
  /** The endpoint was disabled by this outcome. */
  disabled?: WebhookDisabledReason;
}

const isSuccess = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

function failureText(outcome: SendOutcome): string | null {
  if (outcome.error) return outcome.error;
  if (outcome.status !== undefined && outcome.status >= 300 && outcome.status < 400) return "redirects are not followed";
  return null;
}

/**
 * Sends `delivery` and records its outcome; undefined when nothing was
 * recorded (stopped mid-send, or the row no longer holds this lease).
 */
export async function attemptWebhookDelivery(
  delivery: ClaimedWebhookDelivery,
  context: WebhookDeliveryContext,
  signal?: AbortSignal,
): Promise<WebhookAttemptOutcome | undefined> {
  const sent = await sendWebhook(
    { url: delivery.url, secret: delivery.secret, eventId: delivery.eventId, payload: delivery.payload },
    { allowPrivate: context.allowPrivate, resolve: context.resolve, agents: context.agents, timeoutMs: context.timeoutMs, signal },
  );
  // stopped: the row stays `sending` and is taken again once its lease runs out, as after a crash
  if (signal?.aborted) return undefined;

  const attemptedAt = context.now();
  const isTest = delivery.eventType === webhookTestEventType;
  const succeeded = isSuccess(sent.status);
  const gone = sent.status === 410;
  let retryDelayMs: number | undefined;
  if (!succeeded && !gone && !isTest) {
    retryDelayMs = webhookRetryDelayMs(delivery.attempt, context.retrySchedule, context.random);
    const askedDelay = sent.status === 429 || sent.status === 503 ? retryAfterDelayMs(sent.retryAfter, attemptedAt) : undefined;
    if (retryDelayMs !== undefined && askedDelay !== undefined) retryDelayMs = askedDelay;
  }
  const outcome: WebhookAttemptOutcome = {
    status: succeeded ? "succeeded" : retryDelayMs === undefined ? "abandoned" : "failed",
    responseStatus: sent.status ?? null,
    error: succeeded ? null : failureText(sent),
    durationMs: sent.durationMs,
  };

  const recorded =
    succeeded && !isTest
      ? await completeSucceededWebhookDelivery(context.db, {
          id: delivery.id,
          leaseId: delivery.leaseId,
          attemptedAt,
          responseStatus: sent.status!,
          durationMs: sent.durationMs,
        })
      : await recordFailureOrTest(delivery, context, { attemptedAt, outcome, isTest, gone, retryDelayMs });
  if (!recorded) return undefined;
  context.onAttempt?.(outcome);
  return outcome;
}

/** A failed attempt (its retry, the endpoint's failing time, a disable), or a test event's outcome: one transaction. */
async function recordFailureOrTest(
  delivery: ClaimedWebhookDelivery,
  context: WebhookDeliveryContext,
  args: { attemptedAt: Date; outcome: WebhookAttemptOutcome; isTest: boolean; gone: boolean; retryDelayMs: number | undefined },
): Promise<boolean> {
  const { attemptedAt, outcome, isTest, gone, retryDelayMs } = args;
  return context.db.transaction(async (tx) => {
    const held = await completeWebhookDelivery(tx, { id: delivery.id, leaseId: delivery.leaseId, attemptedAt, ...outcome });
    if (!held) return false;
    if (isTest) return true;
    await markWebhookEndpointFailing(tx, { endpointId: delivery.endpointId, now: attemptedAt });
    if (retryDelayMs !== undefined) {
      await insertWebhookDeliveries(tx, [
        {
          organizationId: delivery.organizationId,
          endpointId: delivery.endpointId,
          eventId: delivery.eventId,
          eventType: delivery.eventType,
          payload: delivery.payload,
          attempt: delivery.attempt + 1,
          status: "pending",
          nextAttemptAt: new Date(attemptedAt.getTime() + retryDelayMs),
          createdAt: attemptedAt,
        },
      ]);
    }
    const reason: WebhookDisabledReason = gone ? "gone" : "failing";
    const disabled = await disableWebhookEndpoint(tx, {
      endpointId: delivery.endpointId,
      reason,
      now: attemptedAt,
      ...(!gone && { failingBefore: new Date(attemptedAt.getTime() - WEBHOOK_FAILING_DISABLE_MS) }),
    });
    if (disabled) {
      outcome.disabled = reason;
      await recordAuditEvent(tx, {
        organizationId: delivery.organizationId,
        actorUserId: null,
        action: "webhook.updated",
        target: `webhook:${delivery.endpointId}`,
        details: { enabled: false, reason, ...(gone ? { responseStatus: 410 } : {}) },
        now: attemptedAt,
      });
    }
    return true;
  });
}
