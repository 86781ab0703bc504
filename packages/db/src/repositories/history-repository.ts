import type { CustomerChangeChannel } from "@cr/domain";
import { and, count, desc, eq } from "drizzle-orm";

import type { Database } from "../client";
import { customerHistory, users } from "../schema";

export type ChangeChannel = CustomerChangeChannel;

export interface CustomerHistoryEntry {
  id: number;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  channel: ChangeChannel;
  changedAt: Date;
  user: { id: number; reference: string; email: string } | null;
}

function customerHistoryOf(args: { organizationId: number; customerId: number }) {
  return and(eq(customerHistory.organizationId, args.organizationId), eq(customerHistory.customerId, args.customerId));
}

/** How many entries the customer's history holds (the legacy history's `paging.total`). */
export async function countCustomerHistory(db: Database, args: { organizationId: number; customerId: number }): Promise<number> {
  const [row] = await db.select({ total: count() }).from(customerHistory).where(customerHistoryOf(args));
  return row?.total ?? 0;
}

/** Newest first; entries of the same instant (one update) by id, so that pages never overlap. */
export async function listCustomerHistory(
  db: Database,
  args: { organizationId: number; customerId: number; limit: number; offset?: number },
): Promise<CustomerHistoryEntry[]> {
  const rows = await db
    .select({
      id: customerHistory.id,
      field: customerHistory.field,
      oldValue: customerHistory.oldValue,
      newValue: customerHistory.newValue,
      channel: customerHistory.channel,
      changedAt: customerHistory.changedAt,
      userId: users.id,
      userReference: users.reference,
      userEmail: users.email,
    })
    .from(customerHistory)
    .leftJoin(users, eq(users.id, customerHistory.userId))
    .where(customerHistoryOf(args))
    .orderBy(desc(customerHistory.changedAt), desc(customerHistory.id))
    .limit(args.limit)
    .offset(args.offset ?? 0);
  return rows.map(({ userId, userReference, userEmail, ...entry }) => ({
    ...entry,
    user: userId != null && userReference != null && userEmail != null ? { id: userId, reference: userReference, email: userEmail } : null,
  }));
}
