/**
 * Bulk edit from the customer list: one patch of a few fields (hold,
 * category, segmentation, payment types, activity, region) set on the rows the
 * user ticked, or on every customer the list's filters match. Each customer
 * goes through `updateCustomers` alone (`atomic: false`): a refused customer
 * is left as it was and the others are still written, each refusal in the
 * words one form save would get. `preview` writes nothing and says what each
 * customer would change.
 *
 * The filter is read again when applying: a customer that stopped matching
 * since the preview is left out, one that started is included.
 */
import {
  type AuthenticatedUser,
  type CustomerListFilter,
  findCustomerIdsMatching,
} from "@cr/db/repositories";
import { AppError, assertCan, type CustomerBulkPatch, type ErrorCode, type FieldChange } from "@cr/domain";

import type { ServerDeps } from "../deps";
import { updateCustomers } from "./update-customers";

/**
 * The most customers one bulk edit changes. All of them are written in one
 * transaction (a savepoint each), which holds their rows locked until the
 * last: a few thousand take seconds; more belong in a CSV import.
 */
export const bulkEditLimit = 5000;

export type BulkEditSelection = { ids: readonly number[] } | { filter: CustomerListFilter };

export type BulkEditOutcome = {
  id: number;
  /** Null for an id that is not a customer of the organization (its refusal says so). */
  reference: string | null;
  name: string | null;
} & (
  | { status: "updated"; changes: FieldChange[] }
  | { status: "refused"; refusal: { code: ErrorCode; message: string; field: string | null } }
);

export interface BulkEditResult {
  customers: BulkEditOutcome[];
  /** Customers written (or, in a preview, that would be) with at least one change. */
  changed: number;
  /** Accepted, but already had these values. */
  unchanged: number;
  refused: number;
}

const selectionTooLarge = () =>
  new AppError(
    "invalid_param",
    `A bulk edit changes at most ${bulkEditLimit.toLocaleString("en")} customers at once, and more are selected: narrow the filter, or use a CSV import.`,
  );

export async function bulkUpdateCustomers(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  selection: BulkEditSelection;
  patch: CustomerBulkPatch;
  preview: boolean;
}): Promise<BulkEditResult> {
  const { deps, actor, selection, patch } = options;
  assertCan(actor, "customers.write");
  if (Object.values(patch).every((value) => value === undefined)) {
    throw new AppError("invalid_param", "Choose at least one field to change.");
  }
  const organizationId = actor.organizationId;

  let selected: { id: number; reference: string | null; name: string | null }[];
  if ("ids" in selection) {
    const ids = [...new Set(selection.ids)];
    if (ids.length === 0) throw new AppError("invalid_param", "Select at least one customer.");
    if (ids.length > bulkEditLimit) throw selectionTooLarge();
    const found = await findCustomerIdsMatching(deps.db, { organizationId, filter: { ids }, limit: ids.length });
    const foundIds = new Set(found.map((customer) => customer.id));
    // an id that is not the organization's goes through the update too, which refuses it as one update would
    selected = [...found, ...ids.filter((id) => !foundIds.has(id)).map((id) => ({ id, reference: null, name: null }))];
  } else {
    selected = await findCustomerIdsMatching(deps.db, { organizationId, filter: selection.filter, limit: bulkEditLimit + 1 });
    if (selected.length > bulkEditLimit) throw selectionTooLarge();
  }

  const outcomes = await updateCustomers({
    deps,
    actor,
    items: selected.map((customer) => ({ lookup: { id: customer.id }, patch })),
    channel: "ui",
    atomic: false,
    preview: options.preview,
  });

  const customers = selected.map((customer, index): BulkEditOutcome => {
    const outcome = outcomes[index]!;
    if (outcome.status === "updated") return { ...customer, status: "updated", changes: outcome.changes };
    const { code, message, field } = outcome.error;
    return { ...customer, status: "refused", refusal: { code, message, field: field ?? null } };
  });
  const changed = customers.filter((customer) => customer.status === "updated" && customer.changes.length > 0).length;
  const refused = customers.filter((customer) => customer.status === "refused").length;
  return { customers, changed, refused, unchanged: customers.length - changed - refused };
}
