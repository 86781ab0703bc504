/** Bookkeeping of picture files not (or no longer) referenced by a customer; see `pendingPictureFiles`. */
import { and, asc, eq, lt } from "drizzle-orm";

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

export async function removePendingPicture(db: Database, id: number): Promise<void> {
  await db.delete(pendingPictureFiles).where(eq(pendingPictureFiles.id, id));
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

export async function isPictureInUse(db: Database, args: { organizationId: number; fileName: string }) {
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.organizationId, args.organizationId), eq(customers.logo, args.fileName)))
    .limit(1);
  return row !== undefined;
}
