/** The organization's audit log: what its admins did, written in the transaction of the change itself. */
import { and, desc, eq, lt } from "drizzle-orm";

import type { Database } from "../client";
import { auditEvents, users } from "../schema";

export const auditActions = [
  "user.created",
  "user.role_changed",
  "user.deactivated",
  "api_token.created",
  "api_token.revoked",
  "webhook.created",
  "webhook.updated",
  "webhook.deleted",
] as const;
export type AuditAction = (typeof auditActions)[number];

export async function recordAuditEvent(
  tx: Database,
  args: {
    organizationId: number;
    /** null: the admin command line, run by an operator rather than a user. */
    actorUserId: number | null;
    action: AuditAction;
    target: string;
    details: Record<string, unknown>;
    now: Date;
  },
): Promise<void> {
  await tx.insert(auditEvents).values({
    organizationId: args.organizationId,
    actorUserId: args.actorUserId,
    action: args.action,
    target: args.target,
    details: args.details,
    createdAt: args.now,
  });
}

/** Newest first, `limit` at a time; `before` is the last id of the previous page. */
export async function listAuditEvents(db: Database, args: { organizationId: number; limit: number; before?: number }) {
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      target: auditEvents.target,
      details: auditEvents.details,
      createdAt: auditEvents.createdAt,
      actor: { id: users.id, email: users.email, name: users.name },
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.organizationId, args.organizationId),
        args.before === undefined ? undefined : lt(auditEvents.id, args.before),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(args.limit);
}
