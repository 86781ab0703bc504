/**
 * Applies a CSV import, the way the user chose:
 * - row by row: chunks of rows, each through `updateCustomers` (each row
 *   alone: the accepted ones are written, the refused ones are not), one
 *   transaction per chunk, so that progress shows and a long import never
 *   holds its locks for long;
 * - all or nothing: every row in one transaction, each in a savepoint, through
 *   the same `writeCustomerUpdate` as `updateCustomers`; one refused row and
 *   nothing is written. The rows are read from the file as they are applied
 *   (the file is read again if PostgreSQL asks to run the transaction again),
 *   and only each row's short outcome is kept, not 50,000 customers.
 * The history records every change with channel `import`.
 */
import { type AppError, errors, isAppError } from "@cr/domain";
import type { AuthenticatedUser } from "@cr/db/repositories";
import { withTransactionRetry } from "@cr/db/transactions";

import type { ServerDeps } from "../deps";
import { type CustomerImportOutcome, importChanges, importRefusal, refusedImportRow } from "./customer-import-outcome";
import { chunksOf, customerImportChunkRows, runCustomerImportChunk } from "./preview-customer-import";
import type { CustomerImportRow } from "./read-customer-import";
import { writeCustomerUpdate } from "./update-customer";

/** Thrown inside the transaction to roll it back once every row has its outcome. */
class RollBack extends Error {
  constructor(readonly outcomes: CustomerImportOutcome[]) {
    super("roll back the import");
  }
}

export async function applyCustomerImport(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  /** The file's rows, from the first; called again when the transaction runs again. */
  rows: () => AsyncIterable<CustomerImportRow>;
  atomic: boolean;
  onOutcomes: (outcomes: CustomerImportOutcome[]) => void;
  /** Rows checked so far (all or nothing: nothing is written before the last). */
  onProgress?: (rowsDone: number) => void;
  chunkRows?: number;
}): Promise<void> {
  const chunkRows = options.chunkRows ?? customerImportChunkRows;
  if (!options.atomic) {
    let done = 0;
    for await (const chunk of chunksOf(options.rows(), chunkRows)) {
      options.onOutcomes(await runCustomerImportChunk({ ...options, rows: chunk, preview: false }));
      options.onProgress?.((done += chunk.length));
    }
    return;
  }

  const { deps, actor } = options;
  const now = deps.now();
  let outcomes: CustomerImportOutcome[];
  try {
    outcomes = await withTransactionRetry(deps.db, async (tx) => {
      const checked: CustomerImportOutcome[] = [];
      for await (const row of options.rows()) {
        if (!row.item) {
          checked.push(refusedImportRow(row as CustomerImportRow & { refusal: AppError }));
        } else {
          const { lookup, patch } = row.item;
          try {
            const written = await tx.transaction((savepoint) =>
              writeCustomerUpdate(savepoint, { actor, lookup, patch, channel: "import", now }),
            );
            const changes = importChanges(written.changes);
            checked.push({ row: row.row, id: row.id, status: changes.length > 0 ? "updated" : "unchanged", customerId: written.next.id, changes });
          } catch (error) {
            // a refusal undid its savepoint only; anything else ends the import
            if (!isAppError(error) || error.code === "server_error") throw error;
            checked.push({ row: row.row, id: row.id, status: "refused", error: importRefusal(error) });
          }
        }
        if (checked.length % chunkRows === 0) options.onProgress?.(checked.length);
      }
      if (checked.some((outcome) => outcome.status === "refused")) throw new RollBack(checked);
      return checked;
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    const notApplied = importRefusal(errors.notAppliedInAtomicBatch());
    outcomes = error.outcomes.map((outcome) =>
      outcome.status === "refused" ? outcome : { row: outcome.row, id: outcome.id, status: "notApplied", error: notApplied },
    );
  }
  options.onProgress?.(outcomes.length);
  for (let start = 0; start < outcomes.length; start += chunkRows) options.onOutcomes(outcomes.slice(start, start + chunkRows));
}
