/**
 * Applies a CSV import, the way the user chose:
 * - row by row: chunks of rows, each through `updateCustomers` (each row
 *   alone: the accepted ones are written, the refused ones are not), one
 *   transaction per chunk, so that progress shows and a long import never
 *   holds its locks for long;
 * - all or nothing: every row in one transaction, a chunk of rows at a time
 *   through the same `writeCustomerUpdates` as `updateCustomers`; one refused
 *   row and nothing is written. The rows are read from the file as they are
 *   applied (the file is read again if PostgreSQL asks to run the transaction
 *   again), and only each row's short outcome is kept, not 50,000 customers.
 * The history records every change with channel `import`.
 *
 * All or nothing holds a savepoint per chunk (PostgreSQL keeps a lock for each
 * until the commit, from a shared table of about ten thousand): a chunk with a
 * refused row is rolled back at once, and its savepoints with it, since
 * nothing will be written. Rows of later chunks are then checked against the
 * customers as stored before that chunk, as in the preview.
 */
import { errors } from "@cr/domain";
import type { AuthenticatedUser } from "@cr/db/repositories";
import { withTransactionRetry } from "@cr/db/transactions";

import type { ServerDeps } from "../deps";
import { type CustomerImportOutcome, importRefusal } from "./customer-import-outcome";
import { chunksOf, customerImportChunkRows, importOutcomesOfChunk, runCustomerImportChunk } from "./preview-customer-import";
import type { CustomerImportRow } from "./read-customer-import";
import { type BatchAuthor, writeCustomerUpdates } from "./update-customers";

const isRefused = (outcome: CustomerImportOutcome) => outcome.status === "refused";

/** Thrown inside the transaction (or a chunk's savepoint) to roll it back once every row has its outcome. */
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
  const author: BatchAuthor = { actor, channel: "import", clock: deps.now };
  let outcomes: CustomerImportOutcome[];
  try {
    outcomes = await withTransactionRetry(deps.db, async (tx) => {
      const checked: CustomerImportOutcome[] = [];
      for await (const chunk of chunksOf(options.rows(), chunkRows)) {
        const chunkOutcomes = await tx
          .transaction(async (savepoint) => {
            const written = await importOutcomesOfChunk(chunk, (items) => writeCustomerUpdates(savepoint, items, author));
            if (written.some(isRefused)) throw new RollBack(written);
            return written;
          })
          .catch((error: unknown) => {
            if (error instanceof RollBack) return error.outcomes;
            throw error;
          });
        checked.push(...chunkOutcomes);
        options.onProgress?.(checked.length);
      }
      if (checked.some(isRefused)) throw new RollBack(checked);
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
