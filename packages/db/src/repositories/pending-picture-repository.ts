/** Bookkeeping of picture files not (or no longer) referenced by a customer; see `pendingPictureFiles`. */
import { and, asc, eq, exists, lt, or } from "drizzle-orm";

import type { Database } from "../client";
import { customers, organizations, pendingPictureFiles } from "../schema";

export async function addPendingPicture(
  db: Database,
  args: { organizationId: number; fileName: string },
): Promise<{ id: number }> {
  const [row] = await db
    .insert(pendingPictureFiles)
    .values(args)
    .returning({ id: pendingPictureFiles.id });
  return row!;
}

/**
 * Removes the entry; false when it was already gone. Removing is how an entry
 * is claimed: an update and the sweep both remove it before acting on its
 * file, so the row lock lets exactly one of them act, the other waits and
 * finds it gone.
 */
export async function removePendingPicture(db: Database, id: number): Promise<boolean> {
  const removed = await db
    .delete(pendingPictureFiles)
    .where(eq(pendingPictureFiles.id, id))
    .returning({ id: pendingPictureFiles.id });
  return removed.length > 0;
}

/** Entries older than `before`: their update has long finished or died. */
export async function findStalePendingPictures(db: Database, args: { before: Date; limit: number }) {
  return db
    .select({
      id: pendingPictureFiles.id,
      organizationId: pendingPictureFiles.organizationId,
      organizationSlug: organizations.slug,
      fileName: pendingPictureFiles.fileName,
    })
    .from(pendingPictureFiles)
    .innerJoin(organizations, eq(organizations.id, pendingPictureFiles.organizationId))
    .where(lt(pendingPictureFiles.createdAt, args.before))
    .orderBy(asc(pendingPictureFiles.id))
    .limit(args.limit);
}

/**
 * Whether a customer points at the picture, or a pending entry still names it
 * (an update in flight, or a cleanup not done yet). The caller removes its own
 * entry first. One statement, so that an update committing meanwhile (which
 * sets the logo and removes its entry at once) is seen on one side or the other.
 */
export async function isPictureInUse(db: Database, args: { organizationId: number; fileName: string }): Promise<boolean> {
  const usedByCustomer = db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.organizationId, args.organizationId), eq(customers.logo, args.fileName)));
  const namedByPending = db
    .select({ id: pendingPictureFiles.id })
    .from(pendingPictureFiles)
    .where(and(eq(pendingPictureFiles.organizationId, args.organizationId), eq(pendingPictureFiles.fileName, args.fileName)));
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.id, args.organizationId), or(exists(usedByCustomer), exists(namedByPending))));
  return row !== undefined;
}
