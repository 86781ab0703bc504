import { findStalePendingPictures, isPictureInUse, removePendingPicture } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { logError } from "../log";

/** Longer than any update takes: a younger entry may belong to an update still running. */
export const PENDING_PICTURE_GRACE_MS = 15 * 60_000;

/**
 * Resolves what crashed or failed updates left pending: deletes each file
 * unless a customer uses it (or another entry still names it), then forgets
 * the entry. Run at start-up and periodically by the server; safe to run
 * concurrently with updates.
 *
 * Each entry is claimed (removed) in a transaction that stays open while its
 * files are deleted. An update that outlived the grace period and still wants
 * its picture removes the same entry before it commits: it waits for this
 * transaction, finds the entry gone and fails, instead of pointing a customer
 * at deleted files. A deletion that fails rolls the claim back, so the entry
 * stays for the next sweep.
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
      const deletedFiles = await deps.db.transaction(async (tx) => {
        if (!(await removePendingPicture(tx, entry.id))) return false;
        if (await isPictureInUse(tx, entry)) return false;
        await deps.pictureStorage.deletePicture(entry.organizationSlug, entry.fileName);
        return true;
      });
      if (deletedFiles) deleted += 1;
    } catch (error) {
      logError("pending picture sweep failed", error, { fileName: entry.fileName });
    }
  }
  return { deleted };
}
