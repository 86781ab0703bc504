/**
 * The preview of a CSV import: what each row would change (old → new) or why
 * it would be refused, with nothing written. Rows run through
 * `updateCustomers` with `preview`, a chunk at a time, each chunk a
 * transaction that is rolled back: the very rules and texts of a form save.
 * Two rows of one customer in one chunk apply one after the other, as on
 * apply; in different chunks each is shown against the stored customer.
 */
import type { AuthenticatedUser } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { type CustomerImportOutcome, importOutcomeOf, refusedImportRow } from "./customer-import-outcome";
import type { CustomerImportRow } from "./read-customer-import";
import { updateCustomers } from "./update-customers";

/** Rows checked per transaction, preview and row-by-row apply alike. */
export const customerImportChunkRows = 500;

/** The outcomes of a chunk of rows, in row order. */
export async function runCustomerImportChunk(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  rows: readonly CustomerImportRow[];
  preview: boolean;
}): Promise<CustomerImportOutcome[]> {
  const updatable = options.rows.filter((row) => row.item);
  const outcomes = await updateCustomers({
    deps: options.deps,
    actor: options.actor,
    items: updatable.map((row) => row.item!),
    channel: "import",
    atomic: false,
    preview: options.preview,
  });
  const byRow = new Map(updatable.map((row, index) => [row.row, importOutcomeOf(row, outcomes[index]!)]));
  return options.rows.map((row) => byRow.get(row.row) ?? refusedImportRow(row as CustomerImportRow & { refusal: never }));
}

/** Chunks of `size` rows of `rows`, as they are read. */
export async function* chunksOf<T>(rows: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

export async function previewCustomerImport(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  rows: AsyncIterable<CustomerImportRow>;
  /** Told each chunk's outcomes as soon as it is checked. */
  onOutcomes: (outcomes: CustomerImportOutcome[]) => void;
  chunkRows?: number;
}): Promise<void> {
  for await (const chunk of chunksOf(options.rows, options.chunkRows ?? customerImportChunkRows)) {
    options.onOutcomes(await runCustomerImportChunk({ ...options, rows: chunk, preview: true }));
  }
}
