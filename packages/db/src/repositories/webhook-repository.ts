/**
 * Webhook endpoints and their delivery attempts. The worker's order (claim,
 * send, record) and what a crash at each step leaves behind are told in
 * apps/web `server/webhooks/webhook-worker.ts`; these functions are its
 * statements and the admin services' reads and writes, nothing decided here.
 */
import type { WebhookDeliveryView, WebhookDisabledReason } from "@cr/domain";
import { and, asc, desc, eq, inArray, isNull, lt, lte, sql } from "drizzle-orm";

import type { Database } from "../client";
import { rowsOf } from "../prebuilt-query";
import { webhookDeliveries, webhookEndpoints } from "../schema";
import type { EventPosition } from "./event-repository";

const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  eventTypes: webhookEndpoints.eventTypes,
  enabled: webhookEndpoints.enabled,
  disabledReason: webhookEndpoints.disabledReason,
  disabledAt: webhookEndpoints.disabledAt,
  failingSince: webhookEndpoints.failingSince,
  createdAt: webhookEndpoints.createdAt,
};

export interface WebhookEndpoint {
  id: number;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: WebhookDisabledReason | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  createdAt: Date;
}

/**
 * A new endpoint, enabled, whose feed position is the start of every
 * transaction still running: it is sent every change committed from now on
 * (and perhaps a few committed just before), none of the past month's.
 */
export async function insertWebhookEndpoint(
  tx: Database,
  args: { organizationId: number; url: string; description: string; eventTypes: string[]; secret: string; now: Date },
): Promise<WebhookEndpoint> {
  const start = await presentFeedPosition(tx, args.organizationId);
  const [row] = await tx
    .insert(webhookEndpoints)
    .values({
      organizationId: args.organizationId,
      url: args.url,
      description: args.description,
      eventTypes: args.eventTypes,
      secret: args.secret,
      feedTransactionId: start.transactionId,
      feedEventId: start.id,
      createdAt: args.now,
    })
    .returning(endpointColumns);
  return row!;
}

/**
 * Where a new endpoint starts reading the feed: after every event already
 * committed, and at the oldest transaction still running (its events, and
 * any later transaction's, are sent). Not the running transactions' horizon
 * alone: a transaction of another database of the server can hold it back,
 * and the endpoint would be sent changes committed before it was created.
 */
async function presentFeedPosition(tx: Database, organizationId: number): Promise<EventPosition> {
  const [row] = rowsOf<{ horizon: string; last_transaction_id: string | null; last_id: string | null }>(
    await tx.execute(sql`
      select pg_snapshot_xmin(pg_current_snapshot())::text as horizon, last.transaction_id::text as last_transaction_id, last.id as last_id
      from (select 1) as one
      left join lateral (
        select transaction_id, id from customer_events where organization_id = ${organizationId}::int
        order by transaction_id desc, id desc limit 1
      ) as last on true`),
  );
  // events of the horizon's transaction have ids above 0: they come after (horizon, 0)
  const horizon: EventPosition = { transactionId: row!.horizon, id: 0 };
  if (row!.last_transaction_id === null) return horizon;
  const last: EventPosition = { transactionId: row!.last_transaction_id, id: Number(row!.last_id) };
  return BigInt(last.transactionId) >= BigInt(horizon.transactionId) ? last : horizon;
}

export async function listWebhookEndpoints(db: Database, organizationId: number): Promise<WebhookEndpoint[]> {
  return db.select(endpointColumns).from(webhookEndpoints).where(eq(webhookEndpoints.organizationId, organizationId)).orderBy(asc(webhookEndpoints.id));
}

/** The organization's endpoint, locked until the transaction ends when `lock` (an admin's change reads it, then writes it). */
export async function findWebhookEndpoint(
  db: Database,
  args: { organizationId: number; endpointId: number; lock?: boolean },
): Promise<(WebhookEndpoint & { secret: string }) | undefined> {
  const query = db
    .select({ ...endpointColumns, secret: webhookEndpoints.secret })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, args.organizationId), eq(webhookEndpoints.id, args.endpointId)));
  const [row] = args.lock ? await query.for("update") : await query;
  return row;
}

/** Removes the endpoint and its deliveries (cascade); undefined when the organization has no such endpoint. */
export async function deleteWebhookEndpoint(tx: Database, args: { organizationId: number; endpointId: number }) {
  const [row] = await tx
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, args.organizationId), eq(webhookEndpoints.id, args.endpointId)))
    .returning({ id: webhookEndpoints.id, url: webhookEndpoints.url });
  return row;
}

/** Enabled again: its position is where it stopped, and its failing time starts over. */
export async function enableWebhookEndpoint(tx: Database, endpointId: number): Promise<void> {
  await tx
    .update(webhookEndpoints)
    .set({ enabled: true, disabledReason: null, disabledAt: null, failingSince: null })
    .where(eq(webhookEndpoints.id, endpointId));
}

/** Disabled for `reason`, if it is enabled; true when this call disabled it. */
export async function disableWebhookEndpoint(
  tx: Database,
  args: { endpointId: number; reason: WebhookDisabledReason; now: Date; failingBefore?: Date },
): Promise<boolean> {
  const rows = await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: args.reason, disabledAt: args.now })
    .where(
      and(
        eq(webhookEndpoints.id, args.endpointId),
        eq(webhookEndpoints.enabled, true),
        args.failingBefore ? lte(webhookEndpoints.failingSince, args.failingBefore) : undefined,
      ),
    )
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** An attempt failed: the endpoint is failing since now, unless it already was. */
export async function markWebhookEndpointFailing(tx: Database, args: { endpointId: number; now: Date }): Promise<void> {
  await tx
    .update(webhookEndpoints)
    .set({ failingSince: args.now })
    .where(and(eq(webhookEndpoints.id, args.endpointId), isNull(webhookEndpoints.failingSince)));
}

export interface EndpointToFeed {
  id: number;
  organizationId: number;
  eventTypes: string[];
  position: EventPosition;
}

interface EndpointToFeedRow extends Record<string, unknown> {
  id: number;
  organization_id: number;
  event_types: string[] | string;
  feed_transaction_id: string;
  feed_event_id: string | number;
}

/**
 * The enabled endpoints that have events to read past their position (the
 * feed's rule: only events of transactions older than every running one),
 * locked until the transaction ends; an endpoint another worker holds is
 * skipped, not waited for. When nothing is new, this reads and locks nothing.
 */
export async function claimWebhookEndpointsToFeed(tx: Database, args: { max: number }): Promise<EndpointToFeed[]> {
  const rows = rowsOf<EndpointToFeedRow>(
    await tx.execute(sql`
      select e.id, e.organization_id, e.event_types, e.feed_transaction_id::text as feed_transaction_id, e.feed_event_id
      from webhook_endpoints e
      where e.enabled
        and exists (
          select 1 from customer_events ev
          where ev.organization_id = e.organization_id
            and (ev.transaction_id, ev.id) > (e.feed_transaction_id, e.feed_event_id)
            and ev.transaction_id < (select pg_snapshot_xmin(pg_current_snapshot()))
        )
      order by e.id
      limit ${args.max}
      for update of e skip locked`),
  );
  return rows.map((row) => ({
    id: Number(row.id),
    organizationId: Number(row.organization_id),
    eventTypes: parseTextArray(row.event_types),
    position: { transactionId: row.feed_transaction_id, id: Number(row.feed_event_id) },
  }));
}

/** A text[] as the drivers give it through `execute`: an array, or PostgreSQL's `{a,b}` text. */
function parseTextArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, "");
  return inner === "" ? [] : inner.split(",").map((item) => item.replace(/^"|"$/g, ""));
}

export async function moveWebhookEndpointPosition(tx: Database, args: { endpointId: number; position: EventPosition }): Promise<void> {
  await tx.execute(sql`
    update webhook_endpoints
    set feed_transaction_id = ${args.position.transactionId}::xid8, feed_event_id = ${args.position.id}
    where id = ${args.endpointId}`);
}

export interface NewWebhookDelivery {
  organizationId: number;
  endpointId: number;
  eventId: string;
  eventType: string;
  payload: string;
  attempt: number;
  status: "pending" | "sending";
  nextAttemptAt: Date;
  leaseId?: string;
  createdAt: Date;
}

/** Inserts attempts; one that already exists (same endpoint, event and attempt) is left as it is. Returns the ids inserted. */
export async function insertWebhookDeliveries(tx: Database, deliveries: NewWebhookDelivery[]): Promise<number[]> {
  if (deliveries.length === 0) return [];
  const rows = await tx
    .insert(webhookDeliveries)
    .values(deliveries)
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  return rows.map((row) => row.id);
}

/** An attempt a worker holds: what to send, where, signed with what. */
export interface ClaimedWebhookDelivery {
  id: number;
  organizationId: number;
  endpointId: number;
  eventId: string;
  eventType: string;
  payload: string;
  attempt: number;
  leaseId: string;
  url: string;
  secret: string;
}

interface ClaimedRow extends Record<string, unknown> {
  id: string | number;
  organization_id: number;
  endpoint_id: number;
  event_id: string;
  event_type: string;
  payload: string;
  attempt: number;
  url: string;
  secret: string;
}

/**
 * Takes up to `max` attempts that are due (pending, or sending with a lease
 * run out) of enabled endpoints, in one statement: locked with SKIP LOCKED,
 * marked `sending` under `leaseId` until `leaseUntil`. Committed on return
 * (a statement of its own): another worker skips them from then on.
 */
export async function claimDueWebhookDeliveries(
  db: Database,
  args: { now: Date; leaseUntil: Date; leaseId: string; max: number },
): Promise<ClaimedWebhookDelivery[]> {
  const rows = rowsOf<ClaimedRow>(
    await db.execute(sql`
      update webhook_deliveries d
      set status = 'sending', lease_id = ${args.leaseId}, next_attempt_at = ${args.leaseUntil.toISOString()}::timestamptz
      from webhook_endpoints e
      where e.id = d.endpoint_id
        and d.id in (
          select due.id
          from webhook_deliveries due
          join webhook_endpoints endpoint on endpoint.id = due.endpoint_id
          where due.status in ('pending', 'sending')
            and due.next_attempt_at <= ${args.now.toISOString()}::timestamptz
            and endpoint.enabled
          order by due.next_attempt_at, due.id
          limit ${args.max}
          for update of due skip locked
        )
      returning d.id, d.organization_id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.attempt, e.url, e.secret`),
  );
  return rows.map((row) => ({
    id: Number(row.id),
    organizationId: Number(row.organization_id),
    endpointId: Number(row.endpoint_id),
    eventId: row.event_id,
    eventType: row.event_type,
    payload: row.payload,
    attempt: Number(row.attempt),
    leaseId: args.leaseId,
    url: row.url,
    secret: row.secret,
  }));
}

/**
 * Writes a claimed attempt's outcome, if the row still holds `leaseId`
 * (not taken over by another worker after its lease ran out, nor deleted
 * with its endpoint); false otherwise, and nothing is written.
 */
export async function completeWebhookDelivery(
  tx: Database,
  args: {
    id: number;
    leaseId: string;
    status: "succeeded" | "failed" | "abandoned";
    attemptedAt: Date;
    responseStatus: number | null;
    error: string | null;
    durationMs: number;
  },
): Promise<boolean> {
  const rows = await tx
    .update(webhookDeliveries)
    .set({
      status: args.status,
      attemptedAt: args.attemptedAt,
      responseStatus: args.responseStatus,
      error: args.error?.slice(0, 500) ?? null,
      durationMs: args.durationMs,
      nextAttemptAt: null,
      leaseId: null,
    })
    .where(and(eq(webhookDeliveries.id, args.id), eq(webhookDeliveries.leaseId, args.leaseId), eq(webhookDeliveries.status, "sending")))
    .returning({ id: webhookDeliveries.id });
  return rows.length > 0;
}

/**
 * A claimed attempt succeeded, and its endpoint is no longer failing: one
 * statement, no transaction around it (the path every delivery takes).
 * False when the row no longer holds `leaseId`, and nothing is written.
 */
export async function completeSucceededWebhookDelivery(
  db: Database,
  args: { id: number; leaseId: string; attemptedAt: Date; responseStatus: number; durationMs: number },
): Promise<boolean> {
  const [row] = rowsOf<{ held: number | string }>(
    await db.execute(sql`
      with done as (
        update webhook_deliveries
        set status = 'succeeded', attempted_at = ${args.attemptedAt.toISOString()}::timestamptz, response_status = ${args.responseStatus},
          error = null, duration_ms = ${args.durationMs}, next_attempt_at = null, lease_id = null
        where id = ${args.id} and lease_id = ${args.leaseId} and status = 'sending'
        returning endpoint_id
      ), healed as (
        update webhook_endpoints set failing_since = null
        where id in (select endpoint_id from done) and failing_since is not null
      )
      select count(*) as held from done`),
  );
  return Number(row?.held ?? 0) > 0;
}

/** An attempt as the deliveries list shows it: the domain's view of a row. */
export type WebhookDelivery = WebhookDeliveryView;

const deliveryColumns = {
  id: webhookDeliveries.id,
  eventId: webhookDeliveries.eventId,
  eventType: webhookDeliveries.eventType,
  attempt: webhookDeliveries.attempt,
  status: webhookDeliveries.status,
  createdAt: webhookDeliveries.createdAt,
  attemptedAt: webhookDeliveries.attemptedAt,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  responseStatus: webhookDeliveries.responseStatus,
  error: webhookDeliveries.error,
  durationMs: webhookDeliveries.durationMs,
};

/** The endpoint's attempts, newest first, `max` at a time; `before`: the last id of the previous page. */
export async function listWebhookDeliveries(db: Database, args: { endpointId: number; max: number; before?: number }): Promise<WebhookDelivery[]> {
  return db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, args.endpointId), args.before === undefined ? undefined : lt(webhookDeliveries.id, args.before)))
    .orderBy(desc(webhookDeliveries.id))
    .limit(args.max);
}

export async function findWebhookDelivery(db: Database, args: { endpointId: number; deliveryId: number }): Promise<WebhookDelivery | undefined> {
  const [row] = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, args.endpointId), eq(webhookDeliveries.id, args.deliveryId)));
  return row;
}

/** The attempt and its payload, and every attempt of the same event to the same endpoint, locked (a retry by hand decides on them). */
export async function lockWebhookDeliveryAttempts(tx: Database, args: { endpointId: number; deliveryId: number }) {
  const [delivery] = await tx
    .select({ ...deliveryColumns, organizationId: webhookDeliveries.organizationId, payload: webhookDeliveries.payload })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, args.endpointId), eq(webhookDeliveries.id, args.deliveryId)));
  if (!delivery) return undefined;
  const attempts = await tx
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, args.endpointId), eq(webhookDeliveries.eventId, delivery.eventId)))
    .orderBy(asc(webhookDeliveries.attempt))
    .for("update");
  return { delivery, attempts };
}

/** A pending attempt made due at `now` (a retry by hand of a delivery whose next attempt waits). */
export async function bringWebhookDeliveryForward(tx: Database, args: { ids: number[]; now: Date }): Promise<void> {
  if (args.ids.length === 0) return;
  await tx
    .update(webhookDeliveries)
    .set({ nextAttemptAt: args.now })
    .where(and(inArray(webhookDeliveries.id, args.ids), eq(webhookDeliveries.status, "pending")));
}

/** Attempts over and done with (not pending nor sending) from before `before`: kept as long as the events (EVENT_RETENTION_DAYS). */
export async function deleteWebhookDeliveriesBefore(db: Database, before: Date): Promise<void> {
  await db
    .delete(webhookDeliveries)
    .where(and(lt(webhookDeliveries.createdAt, before), inArray(webhookDeliveries.status, ["succeeded", "failed", "abandoned"])));
}
