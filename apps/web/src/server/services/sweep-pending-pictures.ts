import { findStalePendingPictures, isPictureInUse, removePendingPicture } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { logError } from "../log";

/** Longer than any update takes: a younger entry may belong to an update still running. */
export const PENDING_PICTURE_GRACE_MS = 15 * 60_000;

/**
 * Resolves what crashed or failed updates left pending: deletes each file
 * unless a customer uses it, then forgets the entry. Run at start-up and
 * periodically by the server; safe to run concurrently with updates.
 */
export async function sweepPendingPictures(options: { deps: ServerDeps; limit?: number }): Promise<{ deleted: number }> {
  const { deps } = options;
  const stale = await findStalePendingPictures(deps.db, {
    before: new Date(deps.now().getTime() - PENDING_PICTURE_GRACE_MS),
    limit: options.limit ?? 500,
  });
  let deleted = 0;
  for (const entry of stale) {
    try {
      if (!(await isPictureInUse(deps.db, entry))) {
        await deps.pictureStorage.deletePicture(entry.organizationSlug, entry.fileName);
        deleted += 1;
      }
      await removePendingPicture(deps.db, entry.id);
    } catch (error) {
      logError("pending picture sweep failed", error, { fileName: entry.fileName });
    }
  }
  return { deleted };
}
