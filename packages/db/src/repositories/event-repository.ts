/**
 * The change feed's reads of `customer_events` (written by the customer
 * writes themselves, customer-repository.ts).
 *
 * Event ids come from a sequence when a row is inserted, and transactions
 * commit in another order: a reader that asked for "ids after the last one I
 * saw" would skip an event whose transaction committed after a later id's.
 * So each event carries its transaction's id (`pg_current_xact_id()`), and a
 * read serves only events of transactions older than every transaction still
 * running (`pg_snapshot_xmin(pg_current_snapshot())`): those are all
 * committed or rolled back for good, and any transaction that writes later
 * gets a larger id. In `(transaction_id, id)` order, a reader resuming after
 * its last event sees every event once, in commit order of their
 * transactions. The price: a long transaction (an all-or-nothing import)
 * holds the feed back until it ends. Works on PostgreSQL and PGlite alike.
 */
import { sql } from "drizzle-orm";

import type { Database } from "../client";
import { rowsOf } from "../prebuilt-query";

/** Where a reader stands: after the event `id` of transaction `transactionId`. */
export interface EventPosition {
  /** A PostgreSQL xid8, as decimal text. */
  transactionId: string;
  id: number;
}

export interface StoredCustomerEvent {
  id: number;
  type: string;
  createdAt: Date;
  data: unknown;
  position: EventPosition;
}

interface EventRow extends Record<string, unknown> {
  id: string | number;
  position_transaction_id: string;
  type: string;
  created_at: string | Date;
  data: unknown;
}

/** Up to `max` events of the organization after `after` (from the oldest kept without it), oldest first. */
export async function readCustomerEvents(
  db: Database,
  args: { organizationId: number; after?: EventPosition; max: number },
): Promise<StoredCustomerEvent[]> {
  const after = args.after
    ? sql`and (transaction_id, id) > (${args.after.transactionId}::xid8, ${args.after.id}::bigint)`
    : sql``;
  const rows = rowsOf<EventRow>(
    await db.execute(sql`
      select id, transaction_id::text as position_transaction_id, type, created_at, data
      from customer_events
      where organization_id = ${args.organizationId} ${after}
        and transaction_id < (select pg_snapshot_xmin(pg_current_snapshot()))
      -- the column, not its text (an output name would win in ORDER BY: '10' sorts before '9')
      order by customer_events.transaction_id, customer_events.id
      limit ${args.max}`),
  );
  return rows.map((row) => ({
    id: Number(row.id),
    type: row.type,
    createdAt: new Date(row.created_at),
    data: typeof row.data === "string" ? (JSON.parse(row.data) as unknown) : row.data,
    position: { transactionId: row.position_transaction_id, id: Number(row.id) },
  }));
}

/** Events older than `before`, kept no longer (EVENT_RETENTION_DAYS). One statement: instances may sweep at once. */
export async function deleteCustomerEventsBefore(db: Database, before: Date): Promise<void> {
  await db.execute(sql`delete from customer_events where created_at < ${before.toISOString()}::timestamptz`);
}
