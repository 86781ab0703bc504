/**
 * What an import says of each row, small enough to keep for 50,000 rows: the
 * changes (field, label, old and new values) or the refusal's code, text and
 * field, never the customer itself.
 */
import { type AppError, customerFieldLabel, type FieldChange } from "@cr/domain";

import type { CustomerImportRow } from "./read-customer-import";
import type { CustomerUpdateOutcome } from "./update-customers";

export interface CustomerImportChange extends FieldChange {
  label: string;
}

export interface CustomerImportRefusal {
  code: AppError["code"];
  message: string;
  field?: string;
}

export type CustomerImportOutcome = { row: number; id: string } & (
  | /** Written (in a preview: would be); `unchanged` when the row changes nothing. */
  { status: "updated" | "unchanged"; customerId: number; changes: CustomerImportChange[] }
  | { status: "refused"; error: CustomerImportRefusal }
  /** Accepted, but not written: another row of the all-or-nothing import was refused. */
  | { status: "notApplied"; error: CustomerImportRefusal }
);

export function importRefusal(error: AppError): CustomerImportRefusal {
  return { code: error.code, message: error.message, ...(error.field !== undefined && { field: error.field }) };
}

export function importChanges(changes: readonly FieldChange[]): CustomerImportChange[] {
  return changes.map((change) => ({ ...change, label: customerFieldLabel(change.field) }));
}

/** The outcome of a row that `updateCustomers` ran. */
export function importOutcomeOf(row: CustomerImportRow, outcome: CustomerUpdateOutcome): CustomerImportOutcome {
  const { row: number, id } = row;
  if (outcome.status === "updated") {
    const changes = importChanges(outcome.changes);
    return { row: number, id, status: changes.length > 0 ? "updated" : "unchanged", customerId: outcome.customer.id, changes };
  }
  return { row: number, id, status: outcome.status, error: importRefusal(outcome.error) };
}

/** The outcome of a row refused before any update ran (its id or a cell the form refuses). */
export function refusedImportRow(row: CustomerImportRow & { refusal: AppError }): CustomerImportOutcome {
  return { row: row.row, id: row.id, status: "refused", error: importRefusal(row.refusal) };
}
