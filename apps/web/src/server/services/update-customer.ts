/**
 * The one customer update, behind both doors (legacy REST and tRPC).
 *
 * Most updates write without a transaction (`updateUnlessOvertaken`); one
 * that stores a picture, gives a parent or keeps its answer for an
 * Idempotency-Key, or that another update overtook, runs in a transaction
 * with the customer's row locked.
 *
 * "Whole or nothing" with a picture, in this order:
 * 1. the picture is checked and re-encoded before anything is written;
 * 2. its name is recorded as pending (committed on its own), then its files
 *    are stored, outside the transaction so no row lock is held during I/O;
 * 3. the transaction writes the customer, its payment types and history,
 *    clears the new picture's pending entry and records the replaced one;
 *    when PostgreSQL aborts it for a deadlock or a serialization failure,
 *    this step alone runs again (`withTransactionRetry`), on the same stored
 *    files;
 * 4. after commit the replaced picture is deleted; after a failure the new
 *    one is. A crash anywhere leaves a pending entry that
 *    `sweepPendingPictures` resolves later: no orphan file stays.
 *
 * Cleanup only ever removes what this request wrote: the storage never
 * replaces an existing file, so the new picture's names are this request's
 * only once `putPicture` succeeded. When it failed, the storage has removed
 * what it stored, or says that something may be left, and then the entry stays
 * for the sweep (which spares any file a customer or another entry claims).
 */
import {
  applyCustomerPatch,
  assertCan,
  type CustomerPatch,
  type CustomerRecord,
  type CustomerView,
  diffCustomerFields,
  errors,
  type FieldChange,
} from "@cr/domain";
import {
  addPendingPicture,
  type AuthenticatedUser,
  type ChangeChannel,
  type CustomerLookup,
  findCustomerForUpdate,
  lockCustomerTree,
  removePendingPicture,
  saveCustomerChanges,
  saveCustomerChangesIfUnchanged,
} from "@cr/db/repositories";
import type { Database } from "@cr/db/client";
import { isRetryableTransactionError } from "@cr/db/errors";
import { withTransactionRetry } from "@cr/db/transactions";

import type { ServerDeps } from "../deps";
import { logError } from "../log";
import { PictureStorageError } from "../pictures/picture-names";
import { type PreparedPicture, preparePicture } from "../pictures/prepare-picture";
import { assertBodyIdNamesCustomer, customerNotFound } from "./customer-lookup";
import { type NamedObjects, resolveCustomerReferences } from "./resolve-customer-references";
import { updatedCustomerView } from "./updated-customer-view";

export interface UpdateCustomerOptions {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  lookup: CustomerLookup;
  patch: CustomerPatch;
  channel: ChangeChannel;
  /** The picture to store as the customer's logo. */
  picture?: { fileName: string; bytes: Uint8Array };
  /** The legacy body's `id`, which must name the same customer as the path. */
  bodyId?: string;
  /**
   * The versions the client's copy may have (`If-Match`, the form's loaded
   * version): any other stored version refuses the update, 412, before any
   * rule runs. Unset: no precondition.
   */
  expectedVersions?: readonly number[];
  /**
   * Runs inside the update's transaction once the customer is written (or
   * found unchanged), with the answer: what must commit with the write or not
   * at all (the legacy door's stored Idempotency-Key answer). Runs again when
   * the transaction is retried.
   */
  beforeCommit?: (tx: Database, customer: CustomerView) => Promise<void>;
}

/** A customer read for its update, with its organization's settings. */
export type CustomerToUpdate = NonNullable<Awaited<ReturnType<typeof findCustomerForUpdate>>>;

/** What one customer's update will write: the rules applied, nothing written yet. */
export interface PlannedCustomerUpdate {
  organization: CustomerToUpdate["organization"];
  current: CustomerRecord;
  next: CustomerRecord;
  /** The customer as stored before the update. */
  before: CustomerView;
  /** The objects the patch named (see updatedCustomerView). */
  named: NamedObjects;
  /** The history's entries: empty when the patch changes nothing. */
  changes: FieldChange[];
}

/** What one customer's update wrote, inside a transaction. */
export interface CustomerUpdateWritten extends PlannedCustomerUpdate {
  /** The customer as stored after the update (as it was when nothing changed). */
  view: CustomerView;
}

export interface CustomerUpdateArgs {
  actor: AuthenticatedUser;
  lookup: CustomerLookup;
  patch: CustomerPatch;
  channel: ChangeChannel;
  now: Date;
  /** The new picture's file name, already stored. */
  logo?: string;
  bodyId?: string;
  expectedVersions?: readonly number[];
  /** The customer as this transaction already read and locked it (a batch reads its customers at once). */
  locked?: CustomerToUpdate;
}

/** What an update's rules need: the update without its time. */
export type CustomerPlanArgs = Omit<CustomerUpdateArgs, "now">;

/**
 * A patch that gives the customer a parent: its update takes the tree's lock
 * (lockCustomerTree) and reads the parent and its ancestors. Clearing the
 * parent (null, as every import row without one says) does neither.
 */
export function givesParent(patch: CustomerPatch): boolean {
  return patch.parentCustomerId != null;
}

/**
 * The rules of one customer's update, inside the caller's transaction: the
 * customer is read row-locked (unless `locked` is given), its references
 * resolved, the patch applied by the domain's rules. Writes nothing; throws
 * the AppError of the first refusal. Reads the customers' table only for the
 * customer itself (when not `locked`) and for a patch that `givesParent`
 * (the parent and its ancestors): `updateCustomers` relies on it.
 */
export async function planCustomerUpdate(tx: Database, args: CustomerPlanArgs): Promise<PlannedCustomerUpdate> {
  const { actor, lookup, patch } = args;
  // before the row lock: see lockCustomerTree for the cycle and the deadlock it prevents
  if (givesParent(patch)) await lockCustomerTree(tx, actor.organizationId);
  const found = args.locked ?? (await findCustomerForUpdate(tx, { organizationId: actor.organizationId, lookup }));
  if (!found) throw customerNotFound(lookup);
  return planUpdateOf(tx, found, args);
}

/** The rules of an update applied to `found`, the customer as the caller read it. */
async function planUpdateOf(db: Database, found: CustomerToUpdate, args: CustomerPlanArgs): Promise<PlannedCustomerUpdate> {
  const { organization, record: current, view: before } = found;
  if (args.expectedVersions && !args.expectedVersions.includes(before.version)) throw errors.versionMismatch();
  assertBodyIdNamesCustomer(current, args.bodyId);

  const { resolved, named } = await resolveCustomerReferences(db, organization, args.patch);
  const next = applyCustomerPatch({ current, patch: args.patch, resolved, organization });
  if (args.logo !== undefined) next.logo = args.logo;
  return { organization, current, next, before, named, changes: diffCustomerFields(current, next) };
}

/** The customer as stored after a planned update wrote `version` (as it was when nothing changed). */
export function viewAfterUpdate(planned: PlannedCustomerUpdate, version: number, now: Date): CustomerView {
  if (planned.changes.length === 0) return planned.before;
  const { before, next, named } = planned;
  return updatedCustomerView({ before, next, named, version, lastUpdated: now });
}

/**
 * The rules and the write of one customer's update, inside the caller's
 * transaction (`planCustomerUpdate`, then its write with its history). Throws
 * the AppError of the first refusal, having written nothing. `updateCustomer`
 * runs it for one customer; `updateCustomers` for each item of a batch that
 * goes item by item (its set-based pass plans the items, then writes many in
 * one statement).
 */
export async function writeCustomerUpdate(tx: Database, args: CustomerUpdateArgs): Promise<CustomerUpdateWritten> {
  return savePlannedUpdate(tx, await planCustomerUpdate(tx, args), args);
}

/** Who writes a planned update, how, and at what time (the customer's `lastUpdated`, its history's time). */
export type UpdateAuthor = Pick<CustomerUpdateArgs, "actor" | "channel" | "now">;

/** What the repository writes for a planned update: the customer before and after, with its history. */
function changesToSave(planned: PlannedCustomerUpdate, author: UpdateAuthor) {
  return {
    current: planned.current,
    next: planned.next,
    now: author.now,
    history: { userId: author.actor.id, channel: author.channel, changes: planned.changes },
  };
}

/** Writes a planned update, with its history, in the transaction that read and locked its customer. */
async function savePlannedUpdate(tx: Database, planned: PlannedCustomerUpdate, author: UpdateAuthor): Promise<CustomerUpdateWritten> {
  if (planned.changes.length === 0) return { ...planned, view: planned.before };
  const { version } = await saveCustomerChanges(tx, changesToSave(planned, author));
  return { ...planned, view: viewAfterUpdate(planned, version, author.now) };
}

/**
 * One customer's update. Its time (`lastUpdated`, the history's) is read
 * after its customer: locked, or unlocked for a write that applies only if
 * nothing was written since. Every earlier update of the customer read its
 * own time before that, so times follow versions, and the history, ordered by
 * time, shows each change starting from the value the one before it stored.
 */
export async function updateCustomer(options: UpdateCustomerOptions): Promise<CustomerView> {
  const { deps, actor, lookup, patch } = options;
  assertCan(actor, "customers.write");
  const update = {
    actor,
    lookup,
    patch,
    channel: options.channel,
    bodyId: options.bodyId,
    expectedVersions: options.expectedVersions,
  };

  if (!options.picture && !options.beforeCommit && !givesParent(patch)) {
    const updated = await updateUnlessOvertaken(deps, update);
    if (updated) return updated;
  }

  const picture: PreparedPicture | undefined = options.picture
    ? await preparePicture(options.picture, deps.now())
    : undefined;
  const pendingPicture = picture
    ? await addPendingPicture(deps.db, { organizationId: actor.organizationId, fileName: picture.fileName })
    : undefined;

  let committed: { view: CustomerView; replacedPicture?: { fileName: string; pendingId: number } };
  let pictureStored = false;
  try {
    if (picture) {
      await deps.pictureStorage.putPicture(actor.organizationSlug, picture);
      pictureStored = true;
    }
    committed = await withTransactionRetry(deps.db, async (tx) => {
      const planned = await planCustomerUpdate(tx, { ...update, logo: picture?.fileName });
      const { current, next, view } = await savePlannedUpdate(tx, planned, { ...update, now: deps.now() });

      let replacedPicture: { fileName: string; pendingId: number } | undefined;
      if (pendingPicture) {
        // Gone means the sweep took this update for a dead one and deletes its files.
        if (!(await removePendingPicture(tx, pendingPicture.id))) {
          throw new Error("the new picture was swept before the update could commit");
        }
        if (current.logo && current.logo !== next.logo) {
          const pending = await addPendingPicture(tx, { organizationId: actor.organizationId, fileName: current.logo });
          replacedPicture = { fileName: current.logo, pendingId: pending.id };
        }
      }

      await options.beforeCommit?.(tx, view);
      return { view, replacedPicture };
    });
  } catch (error) {
    if (picture && pendingPicture) {
      if (pictureStored) await discardPicture(deps, actor.organizationSlug, picture.fileName, pendingPicture.id);
      else await settleFailedStore(deps, pendingPicture.id, error);
    }
    throw error;
  }

  if (committed.replacedPicture) {
    const { fileName, pendingId } = committed.replacedPicture;
    await discardPicture(deps, actor.organizationSlug, fileName, pendingId);
  }
  return committed.view;
}

/**
 * The common update, without a transaction: no picture to settle, no parent
 * whose tree must be locked, no answer that must commit with the write
 * (Idempotency-Key). The customer is read without a lock and its write,
 * columns, payment types and history in one statement, applies only while the
 * customer is still at the version read. Answers undefined, having written
 * nothing, when another update came first (or PostgreSQL aborted the write
 * for a deadlock): the caller then takes the locked way, where updates of one
 * customer wait their turn, so a busy customer's update still gets through.
 *
 * It spares BEGIN, COMMIT and the row lock (a write of its own in
 * PostgreSQL): 3 statements and 3 round trips in all, the credential's
 * lookup included, against 5 and 4. Measured in BENCHMARKS.md.
 */
async function updateUnlessOvertaken(
  deps: ServerDeps,
  args: CustomerPlanArgs,
): Promise<CustomerView | undefined> {
  const { db } = deps;
  const found = await findCustomerForUpdate(db, { organizationId: args.actor.organizationId, lookup: args.lookup, lockRow: false });
  if (!found) throw customerNotFound(args.lookup);
  const now = deps.now();
  const planned = await planUpdateOf(db, found, args);
  if (planned.changes.length === 0) return planned.before;
  let saved: { version: number } | undefined;
  try {
    saved = await saveCustomerChangesIfUnchanged(db, {
      ...changesToSave(planned, { ...args, now }),
      expectedVersion: planned.before.version,
    });
  } catch (error) {
    if (isRetryableTransactionError(error)) return undefined;
    throw error;
  }
  return saved && viewAfterUpdate(planned, saved.version, now);
}

/**
 * Deletes a picture no customer points at, then its pending entry. Cleanup
 * must not turn a committed update (or the original error) into another
 * failure: what it cannot delete now stays pending for the sweep.
 */
async function discardPicture(deps: ServerDeps, organizationSlug: string, fileName: string, pendingId: number) {
  try {
    await deps.pictureStorage.deletePicture(organizationSlug, fileName);
    await removePendingPicture(deps.db, pendingId);
  } catch (error) {
    logError("picture cleanup postponed to the sweep", error, { organizationSlug, fileName });
  }
}

/**
 * After `putPicture` failed: its names may belong to another picture (a taken
 * name fails the put), so nothing is deleted by name here. The entry is
 * forgotten when the storage removed all it stored, and kept for the sweep
 * otherwise.
 */
async function settleFailedStore(deps: ServerDeps, pendingId: number, storeError: unknown) {
  if (!PictureStorageError.isNothingLeft(storeError)) return;
  try {
    await removePendingPicture(deps.db, pendingId);
  } catch (error) {
    logError("pending picture entry left to the sweep", error, { pendingId });
  }
}
