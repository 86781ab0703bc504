/**
 * The stored answers of `Idempotency-Key` requests (`idempotency_keys`). Each
 * function is one statement, so that two app instances racing for one key
 * see one winner. Times come from the caller's clock.
 */
import { and, eq, isNull, lte, or, sql } from "drizzle-orm";

import type { Database } from "../client";
import { idempotencyKeys } from "../schema";

export interface IdempotencyKeyRef {
  organizationId: number;
  key: string;
}

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyRecord =
  | { fingerprint: string; state: "running" }
  | { fingerprint: string; state: "answered"; answer: StoredAnswer };

/**
 * Takes the key for a first request: answers true when it is new, expired,
 * or left running by a request whose lease ended (a crashed process); false
 * when another request holds it or answered it.
 */
export async function claimIdempotencyKey(
  db: Database,
  args: IdempotencyKeyRef & { fingerprint: string; now: Date; leaseExpiresAt: Date; expiresAt: Date },
): Promise<boolean> {
  const at = (date: Date) => sql`${sql.param(date, idempotencyKeys.expiresAt)}::timestamptz`;
  const rows = await db
    .insert(idempotencyKeys)
    .values({
      organizationId: args.organizationId,
      key: args.key,
      fingerprint: args.fingerprint,
      leaseExpiresAt: args.leaseExpiresAt,
      expiresAt: args.expiresAt,
    })
    .onConflictDoUpdate({
      target: [idempotencyKeys.organizationId, idempotencyKeys.key],
      set: {
        fingerprint: args.fingerprint,
        status: null,
        headers: null,
        body: null,
        leaseExpiresAt: args.leaseExpiresAt,
        expiresAt: args.expiresAt,
      },
      setWhere: or(
        lte(idempotencyKeys.expiresAt, at(args.now)),
        and(isNull(idempotencyKeys.status), lte(idempotencyKeys.leaseExpiresAt, at(args.now))),
      ),
    })
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

/** The key's record, unless it expired by `now`. */
export async function findIdempotencyRecord(
  db: Database,
  args: IdempotencyKeyRef & { now: Date },
): Promise<IdempotencyRecord | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(keyCondition(args), sql`${idempotencyKeys.expiresAt} > ${sql.param(args.now, idempotencyKeys.expiresAt)}::timestamptz`));
  if (!row) return undefined;
  if (row.status === null) return { fingerprint: row.fingerprint, state: "running" };
  return {
    fingerprint: row.fingerprint,
    state: "answered",
    answer: { status: row.status, headers: row.headers ?? {}, body: row.body ?? "" },
  };
}

/** Stores the answer of the request that holds the key. */
export async function storeIdempotentAnswer(db: Database, args: IdempotencyKeyRef & { answer: StoredAnswer }): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ status: args.answer.status, headers: args.answer.headers, body: args.answer.body })
    .where(and(keyCondition(args), isNull(idempotencyKeys.status)));
}

/** Gives the key up after a failure, so that a retry runs the request again. */
export async function releaseIdempotencyKey(db: Database, args: IdempotencyKeyRef): Promise<void> {
  await db.delete(idempotencyKeys).where(and(keyCondition(args), isNull(idempotencyKeys.status)));
}

/** Removes the keys expired by `now`; answers how many. */
export async function deleteExpiredIdempotencyKeys(db: Database, now: Date): Promise<number> {
  const rows = await db
    .delete(idempotencyKeys)
    .where(lte(idempotencyKeys.expiresAt, now))
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}

function keyCondition(args: IdempotencyKeyRef) {
  return and(eq(idempotencyKeys.organizationId, args.organizationId), eq(idempotencyKeys.key, args.key));
}
