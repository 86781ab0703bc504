/**
 * The browser's side of `POST /api/customer-import`: sends the file, reads
 * the answer's lines as they come (see customer-import-handler.ts), and
 * builds the result file. Plain functions, so that the page stays thin.
 */
import { escapeFormulaCell } from "@cr/domain";
import { stringify } from "csv-stringify/browser/esm/sync";

import type { CustomerImportOutcome } from "~/server/services/customer-import-outcome";

export type ImportMode = "preview" | "rows" | "atomic";

export interface ImportRun {
  outcomes: CustomerImportOutcome[];
  /** Set when the import stopped on a fault before its end. */
  failure?: string;
}

type ImportLine =
  | { type: "start"; rows: number }
  | { type: "outcomes"; outcomes: CustomerImportOutcome[] }
  | { type: "progress"; done: number }
  | { type: "done" }
  | { type: "failed"; error: { message: string } };

export async function runCustomerImport(
  file: File,
  mode: ImportMode,
  onProgress: (progress: { done: number; total: number }) => void,
): Promise<ImportRun> {
  const response = await fetch(`/api/customer-import?mode=${mode}`, {
    method: "POST",
    headers: { "content-type": "text/csv" },
    body: file,
  });
  if (!response.ok || !response.body) {
    const answer = (await response.json().catch(() => undefined)) as { error_description?: string } | undefined;
    throw new Error(answer?.error_description ?? `The import could not start (${response.status}).`);
  }
  const run: ImportRun = { outcomes: [] };
  let total = 0;
  let buffered = "";
  let finished = false;
  const read = (line: ImportLine) => {
    if (line.type === "start") onProgress({ done: 0, total: (total = line.rows) });
    else if (line.type === "outcomes") run.outcomes.push(...line.outcomes);
    else if (line.type === "progress") onProgress({ done: line.done, total });
    else if (line.type === "failed") run.failure = line.error.message;
    if (line.type === "done" || line.type === "failed") finished = true;
  };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += value;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") read(JSON.parse(line) as ImportLine);
  }
  if (!finished) run.failure ??= "The connection was lost before the import ended: reload the list to see what was written.";
  return run;
}

/** "Credit limit: 5000 → 7500; On hold: false → true" */
export function describeChanges(outcome: CustomerImportOutcome): string {
  if (!("changes" in outcome)) return "";
  return outcome.changes.map((change) => `${change.label}: ${change.oldValue ?? "(empty)"} → ${change.newValue ?? "(empty)"}`).join("; ");
}

/**
 * The result file: one line per row of the import, with its outcome. Its
 * texts come from the uploaded file (the id, values in the messages), so a
 * text a spreadsheet would run as a formula is escaped as the export escapes it.
 */
export function importResultCsv(outcomes: readonly CustomerImportOutcome[]): string {
  return stringify([
    ["row", "id", "status", "message", "changes"],
    ...outcomes.map((outcome) => [
      String(outcome.row),
      ...[outcome.id, outcome.status, "error" in outcome ? outcome.error.message : "", describeChanges(outcome)].map(escapeFormulaCell),
    ]),
  ]);
}
