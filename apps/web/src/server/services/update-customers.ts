/**
 * Many customers' updates at once: the batch API, a CSV import, a bulk edit
 * from the list. Each item goes through `writeCustomerUpdate`, the same rules
 * and texts as one form save, inside one transaction, each item in a
 * savepoint of its own, so that a refused item undoes only itself and the
 * items after it are still checked:
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
 */
import { type AppError, type CustomerPatch, type CustomerView, errors, type FieldChange, isAppError } from "@cr/domain";
import {
  type AuthenticatedUser,
  type ChangeChannel,
  type CustomerLookup,
  findCustomersForUpdate,
  lockCustomerTree,
} from "@cr/db/repositories";
import type { Database } from "@cr/db/client";
import { withTransactionRetry } from "@cr/db/transactions";

import type { ServerDeps } from "../deps";
import { type LockedCustomer, writeCustomerUpdate } from "./update-customer";

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
  private readonly byId = new Map<number, LockedCustomer>();
  private readonly byReference = new Map<string, LockedCustomer>();

  constructor(customers: LockedCustomer[]) {
    for (const customer of customers) this.replace(customer);
  }

  find(lookup: CustomerLookup): LockedCustomer | undefined {
    return "id" in lookup ? this.byId.get(lookup.id) : this.byReference.get(lookup.reference);
  }

  replace(customer: LockedCustomer) {
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

export async function updateCustomers(options: UpdateCustomersOptions): Promise<CustomerUpdateOutcome[]> {
  const { deps, actor, items, channel } = options;
  const now = deps.now();
  try {
    return await withTransactionRetry(deps.db, async (tx) => {
      // the tree lock before any row lock, as one update takes them (see lockCustomerTree)
      if (items.some((item) => item.patch.parentCustomerId != null)) await lockCustomerTree(tx, actor.organizationId);
      const locked = new LockedCustomers(
        await findCustomersForUpdate(tx, { organizationId: actor.organizationId, lookups: items.map((item) => item.lookup) }),
      );
      const outcomes: CustomerUpdateOutcome[] = [];
      for (const item of items) {
        try {
          const written = await tx.transaction((savepoint) =>
            writeCustomerUpdate(savepoint, {
              actor,
              lookup: item.lookup,
              patch: item.patch,
              channel,
              now,
              locked: locked.find(item.lookup),
            }),
          );
          locked.replace({ organization: written.organization, record: written.next, view: written.view });
          outcomes.push({ status: "updated", customer: written.view, changes: written.changes });
        } catch (error) {
          // a refusal undid its savepoint only; anything else ends the batch
          if (!isAppError(error) || error.code === "server_error") throw error;
          outcomes.push({ status: "refused", error });
        }
      }
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
