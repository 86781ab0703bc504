/**
 * Many customers' updates at once: the batch API, a CSV import, a bulk edit
 * from the list. Each item goes through the same rules and texts as one form
 * save (`planCustomerUpdate`, `writeCustomerUpdate`), inside one transaction;
 * a refused item writes nothing and the items after it are still checked:
 * - `atomic`: one refusal and nothing is written (the refused items say why,
 *   the others that they were not applied);
 * - otherwise each item stands alone: the accepted ones are written, the
 *   refused ones are not.
 * `preview` runs the same and writes nothing: each item says what it would
 * change (old and new values) or why it would be refused.
 *
 * Items run in their order, so two items of one customer apply one after the
 * other, as two requests would. A fault that is not a refusal (the database
 * gone) fails the whole call and writes nothing.
 *
 * The writes are gathered into as few statements as the items allow
 * (`writeItemsSetBased`); only when one of them fails does the batch run
 * again item by item, each in a savepoint of its own (`writeItemsOneByOne`),
 * to tell which.
 */
import {
  type AppError,
  assertCan,
  type CustomerPatch,
  type CustomerView,
  errors,
  type FieldChange,
  isAppError,
} from "@cr/domain";
import {
  type AuthenticatedUser,
  type ChangeChannel,
  type CustomerLookup,
  findCustomersForUpdate,
  lockCustomerTree,
  saveManyCustomerChanges,
} from "@cr/db/repositories";
import type { Database } from "@cr/db/client";
import { withTransactionRetry } from "@cr/db/transactions";

import type { ServerDeps } from "../deps";
import {
  type CustomerToUpdate,
  givesParent,
  type PlannedCustomerUpdate,
  planCustomerUpdate,
  type UpdateAuthor,
  viewAfterUpdate,
  writeCustomerUpdate,
} from "./update-customer";

export interface CustomerUpdateItem {
  lookup: CustomerLookup;
  patch: CustomerPatch;
}

export type CustomerUpdateOutcome =
  /** Written (or, in a preview, would be): `changes` is empty when the patch changed nothing. */
  | { status: "updated"; customer: CustomerView; changes: FieldChange[] }
  | { status: "refused"; error: AppError }
  /** Accepted, but not written: another item of the atomic batch was refused. */
  | { status: "notApplied"; error: AppError };

export interface UpdateCustomersOptions {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  items: readonly CustomerUpdateItem[];
  channel: ChangeChannel;
  atomic: boolean;
  /** Check and describe every item, write nothing. */
  preview?: boolean;
  /** Runs inside the transaction before it commits (not in a preview, nor when an atomic batch is refused). */
  beforeCommit?: (tx: Database, outcomes: CustomerUpdateOutcome[]) => Promise<void>;
}

/**
 * The batch's customers as read and locked at its start, kept as each item
 * writes them, so that the next item of a customer starts from the last one's
 * result. A lookup not found here (a reference given by an earlier item of the
 * batch, an unknown customer) is read by the item itself.
 */
class LockedCustomers {
  private readonly byId = new Map<number, CustomerToUpdate>();
  private readonly byReference = new Map<string, CustomerToUpdate>();

  constructor(customers: CustomerToUpdate[]) {
    for (const customer of customers) this.replace(customer);
  }

  find(lookup: CustomerLookup): CustomerToUpdate | undefined {
    return "id" in lookup ? this.byId.get(lookup.id) : this.byReference.get(lookup.reference);
  }

  replace(customer: CustomerToUpdate) {
    const previous = this.byId.get(customer.record.id);
    if (previous) this.byReference.delete(previous.record.reference);
    this.byId.set(customer.record.id, customer);
    this.byReference.set(customer.record.reference, customer);
  }
}

/** Thrown inside the transaction to roll it back once every item has its outcome. */
class RollBack extends Error {
  constructor(readonly outcomes: CustomerUpdateOutcome[]) {
    super("roll back the batch");
  }
}

/** A refusal of one item, as opposed to a fault that ends the whole call. */
function isRefusal(error: unknown): error is AppError {
  return isAppError(error) && error.code !== "server_error";
}

export async function updateCustomers(options: UpdateCustomersOptions): Promise<CustomerUpdateOutcome[]> {
  const { deps, actor, items, channel } = options;
  // a preview too: it is the first step of a change (bulk edit, import, batch)
  assertCan(actor, "customers.write");
  const author: BatchAuthor = { actor, channel, clock: deps.now };
  try {
    return await withTransactionRetry(deps.db, async (tx) => {
      const outcomes = await writeCustomerUpdates(tx, items, author);
      const refused = outcomes.some((outcome) => outcome.status === "refused");
      if (options.preview || (options.atomic && refused)) throw new RollBack(outcomes);
      await options.beforeCommit?.(tx, outcomes);
      return outcomes;
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    if (options.preview) return error.outcomes;
    return error.outcomes.map((outcome) =>
      outcome.status === "updated" ? { status: "notApplied", error: errors.notAppliedInAtomicBatch() } : outcome,
    );
  }
}

/** Who writes a batch, how, and the clock its time is read from. */
export type BatchAuthor = Omit<UpdateAuthor, "now"> & { clock: () => Date };

/**
 * The items' updates inside the caller's transaction, each item's outcome in
 * their order; a refused item writes nothing. Their customers are read and
 * locked in one statement, their writes gathered. `updateCustomers` runs it in a
 * transaction of its own; an all-or-nothing import, a chunk of rows at a time
 * in one. Their time is read once the customers are locked, as
 * `updateCustomer` reads its own: so times follow versions.
 */
export async function writeCustomerUpdates(
  tx: Database,
  items: readonly CustomerUpdateItem[],
  author: BatchAuthor,
): Promise<CustomerUpdateOutcome[]> {
  const { organizationId } = author.actor;
  // the tree lock before any row lock, as one update takes them (see lockCustomerTree)
  if (items.some((item) => givesParent(item.patch))) await lockCustomerTree(tx, organizationId);
  const found = await findCustomersForUpdate(tx, { organizationId, lookups: items.map((item) => item.lookup) });
  const args: UpdateAuthor = { actor: author.actor, channel: author.channel, now: author.clock() };
  return (
    (await writeItemsSetBased(tx, items, new LockedCustomers(found), args)) ??
    (await writeItemsOneByOne(tx, items, new LockedCustomers(found), args))
  );
}

/** A write of the set-based pass failed: its savepoint is rolled back, and the items run one by one. */
class SetWriteFailed extends Error {
  constructor(cause: unknown) {
    super("a write of the batch failed", { cause });
  }
}

/**
 * The planned writes not yet sent: `flush` sends them as one statement
 * (`saveManyCustomerChanges`) and checks that each customer got the version
 * its item answers (the row is locked: the stored one plus one). A failure
 * throws `SetWriteFailed`.
 */
class PendingWrites {
  private planned: PlannedCustomerUpdate[] = [];
  private readonly customerIds = new Set<number>();

  constructor(
    private readonly tx: Database,
    private readonly args: UpdateAuthor,
  ) {}

  add(planned: PlannedCustomerUpdate): void {
    this.planned.push(planned);
    this.customerIds.add(planned.next.id);
  }

  touches(customerId: number): boolean {
    return this.customerIds.has(customerId);
  }

  async flush(): Promise<void> {
    const planned = this.planned;
    this.planned = [];
    this.customerIds.clear();
    if (planned.length === 0) return;
    const { actor, channel, now } = this.args;
    let versions: Map<number, number>;
    try {
      versions = await saveManyCustomerChanges(this.tx, {
        organizationId: actor.organizationId,
        now,
        author: { userId: actor.id, channel },
        customers: planned.map(({ current, next, changes }) => ({ current, next, changes })),
      });
    } catch (error) {
      throw new SetWriteFailed(error);
    }
    for (const { before, next } of planned) {
      // the row is locked, so this cannot be; if it were, the one-by-one pass answers the stored versions
      if (versions.get(next.id) !== before.version + 1) {
        throw new SetWriteFailed(new Error(`customer ${next.id} is at version ${versions.get(next.id)}, not ${before.version + 1}`));
      }
    }
  }
}

/**
 * The fast way: each item's rules in order, its write kept until the items
 * after it need the table as written, then all the kept writes in one
 * statement. 500 updates of different customers cost one write instead of
 * 500. The version each write makes is known beforehand (the row is locked:
 * the stored one plus one) and checked when the write answers.
 *
 * Nothing read while writes are kept may be something they write: an item
 * that reads the customers' table (a customer not read at the start, a patch
 * that gives a parent; see planCustomerUpdate) or that updates a customer with
 * a kept write sends them first. So an UPDATE never meets a customer twice,
 * and two items of one customer apply in their order.
 *
 * All in one savepoint: when the write fails (a reference another customer
 * holds, which only the database can tell, or two customers trading
 * references, which one statement cannot do), it is rolled back and undefined
 * answered, for `writeItemsOneByOne` to find which item it was.
 */
async function writeItemsSetBased(
  tx: Database,
  items: readonly CustomerUpdateItem[],
  locked: LockedCustomers,
  args: UpdateAuthor,
): Promise<CustomerUpdateOutcome[] | undefined> {
  try {
    return await tx.transaction(async (savepoint) => {
      const pending = new PendingWrites(savepoint, args);
      const outcomes: CustomerUpdateOutcome[] = [];
      for (const item of items) {
        const readAtStart = locked.find(item.lookup);
        if (!readAtStart || givesParent(item.patch) || pending.touches(readAtStart.record.id)) {
          await pending.flush();
        }
        let planned: PlannedCustomerUpdate;
        try {
          planned = await planCustomerUpdate(savepoint, { ...args, lookup: item.lookup, patch: item.patch, locked: readAtStart });
        } catch (error) {
          if (!isRefusal(error)) throw error;
          outcomes.push({ status: "refused", error });
          continue;
        }
        if (planned.changes.length > 0) pending.add(planned);
        const view = viewAfterUpdate(planned, planned.before.version + 1, args.now);
        locked.replace({ organization: planned.organization, record: planned.next, view });
        outcomes.push({ status: "updated", customer: view, changes: planned.changes });
      }
      await pending.flush();
      return outcomes;
    });
  } catch (error) {
    if (error instanceof SetWriteFailed) return undefined;
    throw error;
  }
}

/** Each item in a savepoint of its own, written before the next is checked: a refusal undoes only itself. */
async function writeItemsOneByOne(
  tx: Database,
  items: readonly CustomerUpdateItem[],
  locked: LockedCustomers,
  args: UpdateAuthor,
): Promise<CustomerUpdateOutcome[]> {
  const outcomes: CustomerUpdateOutcome[] = [];
  for (const item of items) {
    try {
      const written = await tx.transaction((savepoint) =>
        writeCustomerUpdate(savepoint, { ...args, lookup: item.lookup, patch: item.patch, locked: locked.find(item.lookup) }),
      );
      locked.replace({ organization: written.organization, record: written.next, view: written.view });
      outcomes.push({ status: "updated", customer: written.view, changes: written.changes });
    } catch (error) {
      // a refusal undid its savepoint only; anything else ends the batch
      if (!isRefusal(error)) throw error;
      outcomes.push({ status: "refused", error });
    }
  }
  return outcomes;
}
