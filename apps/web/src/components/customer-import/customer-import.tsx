"use client";

import Link from "next/link";
import { useMemo, useState } from "react";

import type { CustomerImportOutcome } from "~/server/services/customer-import-outcome";

import { formatCount } from "../format";
import { Badge } from "../ui/badge";
import { Button, buttonClasses } from "../ui/button";
import { type ImportMode, type ImportRun, importResultCsv, runCustomerImport } from "./import-stream";

/** Rows listed on the page; the result file has them all. */
const SHOWN_ROWS = 200;

type Step =
  | { kind: "choose" }
  | { kind: "running"; what: "preview" | "apply"; done: number; total: number }
  | { kind: "previewed"; run: ImportRun }
  | { kind: "applied"; run: ImportRun; mode: Exclude<ImportMode, "preview"> };

const statusText = {
  preview: { updated: "Will change", unchanged: "No change", refused: "Refused", notApplied: "Not applied" },
  apply: { updated: "Changed", unchanged: "No change", refused: "Refused", notApplied: "Not applied" },
} as const;

function countsOf(outcomes: readonly CustomerImportOutcome[]) {
  const counts = { updated: 0, unchanged: 0, refused: 0, notApplied: 0 };
  for (const outcome of outcomes) counts[outcome.status] += 1;
  return counts;
}

function OutcomeTable({ outcomes, words }: { outcomes: readonly CustomerImportOutcome[]; words: keyof typeof statusText }) {
  // the rows that say something first: refusals, then changes
  const worth = outcomes.filter((outcome) => outcome.status !== "unchanged");
  const shown = [...worth.filter((o) => o.status === "refused"), ...worth.filter((o) => o.status !== "refused")].slice(0, SHOWN_ROWS);
  if (shown.length === 0) return <p className="text-zinc-600">No row changes anything.</p>;
  return (
    <div className="space-y-2">
      <table className="w-full text-left text-sm" aria-label="Rows of the import">
        <thead className="border-b border-zinc-200 text-zinc-500">
          <tr>
            <th className="py-2 pr-3 font-medium">Row</th>
            <th className="py-2 pr-3 font-medium">Customer</th>
            <th className="py-2 pr-3 font-medium">Result</th>
            <th className="py-2 font-medium">Details</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((outcome) => (
            <tr key={outcome.row} className="border-b border-zinc-100 align-top" data-row={outcome.row}>
              <td className="py-2 pr-3 tabular-nums">{outcome.row}</td>
              <td className="py-2 pr-3">{outcome.id}</td>
              <td className="py-2 pr-3">
                <Badge tone={outcome.status === "refused" ? "warning" : outcome.status === "updated" ? "positive" : "neutral"}>
                  {statusText[words][outcome.status]}
                </Badge>
              </td>
              <td className="py-2">
                {"error" in outcome ? (
                  <span className="text-red-700">{outcome.error.message}</span>
                ) : (
                  <ul>
                    {outcome.changes.map((change) => (
                      <li key={change.field}>
                        <span className="font-medium">{change.label}</span>: {change.oldValue ?? "(empty)"} → {change.newValue ?? "(empty)"}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {worth.length > shown.length ? (
        <p className="text-sm text-zinc-500">
          {formatCount(shown.length)} of {formatCount(worth.length)} rows shown; the result file lists every row.
        </p>
      ) : null}
    </div>
  );
}

function Summary({ outcomes, words }: { outcomes: readonly CustomerImportOutcome[]; words: keyof typeof statusText }) {
  const counts = countsOf(outcomes);
  const parts = (["updated", "unchanged", "refused", "notApplied"] as const)
    .filter((status) => counts[status] > 0 || status !== "notApplied")
    .map((status) => `${formatCount(counts[status])} ${statusText[words][status].toLowerCase()}`);
  return (
    <p role="status" className="font-medium text-zinc-800">
      {formatCount(outcomes.length)} rows: {parts.join(", ")}.
    </p>
  );
}

export function CustomerImport() {
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [mode, setMode] = useState<Exclude<ImportMode, "preview">>("atomic");
  const [error, setError] = useState<string | null>(null);

  const resultHref = useMemo(() => {
    if (step.kind !== "applied") return null;
    return URL.createObjectURL(new Blob([importResultCsv(step.run.outcomes)], { type: "text/csv;charset=utf-8" }));
  }, [step]);

  async function run(what: "preview" | "apply") {
    if (!file) return;
    setError(null);
    setStep({ kind: "running", what, done: 0, total: 0 });
    const onProgress = ({ done, total }: { done: number; total: number }) => setStep({ kind: "running", what, done, total });
    try {
      const result = await runCustomerImport(file, what === "preview" ? "preview" : mode, onProgress);
      setStep(what === "preview" ? { kind: "previewed", run: result } : { kind: "applied", run: result, mode });
      if (result.failure) setError(result.failure);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setStep({ kind: "choose" });
    }
  }

  const running = step.kind === "running";
  const previewRefusals = step.kind === "previewed" ? countsOf(step.run.outcomes).refused : 0;

  return (
    <div className="space-y-6">
      <section className="space-y-3">
        <p className="max-w-3xl text-zinc-600">
          Upload a CSV file with a first row of column names, as the list's <strong>Export CSV</strong> writes it: an{" "}
          <code>id</code> column (the customer's id, or its reference) or, instead, a <code>customerReference</code> column (its
          reference, even when it is all digits), and any of the update's parameters. An empty cell clears the field; a column the
          file does not have leaves the field as it is. At most 50,000 rows. Nothing is written until you apply.
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <label htmlFor="import-file" className="text-sm font-medium text-zinc-700">
            CSV file
          </label>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            disabled={running}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setStep({ kind: "choose" });
              setError(null);
            }}
          />
          <Button variant="primary" disabled={!file || running} onClick={() => void run("preview")}>
            Preview
          </Button>
        </div>
      </section>

      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
          {error}
        </p>
      ) : null}

      {step.kind === "running" ? (
        <div className="space-y-1">
          <progress className="h-2 w-full" max={Math.max(step.total, 1)} value={step.done} aria-label={step.what === "preview" ? "Preview progress" : "Import progress"} />
          <p className="text-sm text-zinc-600 tabular-nums">
            {step.what === "preview" ? "Checking" : "Applying"}: {formatCount(step.done)} of {formatCount(step.total)} rows
          </p>
        </div>
      ) : null}

      {step.kind === "previewed" ? (
        <section className="space-y-4" aria-label="Preview">
          <h2 className="text-lg font-semibold text-zinc-900">Preview</h2>
          <Summary outcomes={step.run.outcomes} words="preview" />
          <OutcomeTable outcomes={step.run.outcomes} words="preview" />
          <fieldset className="space-y-2">
            <legend className="font-medium text-zinc-800">Apply</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="import-mode" value="atomic" checked={mode === "atomic"} onChange={() => setMode("atomic")} />
              All or nothing: one refused row and nothing is written
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="import-mode" value="rows" checked={mode === "rows"} onChange={() => setMode("rows")} />
              Row by row: the accepted rows are written, the refused ones are not
            </label>
          </fieldset>
          {mode === "atomic" && previewRefusals > 0 ? (
            <p className="text-amber-800">
              {formatCount(previewRefusals)} rows are refused: applied all or nothing, this file writes nothing.
            </p>
          ) : null}
          <Button variant="primary" onClick={() => void run("apply")}>
            Apply
          </Button>
        </section>
      ) : null}

      {step.kind === "applied" ? (
        <section className="space-y-4" aria-label="Result">
          <h2 className="text-lg font-semibold text-zinc-900">Result</h2>
          <Summary outcomes={step.run.outcomes} words="apply" />
          <div className="flex gap-2">
            {resultHref ? (
              <a href={resultHref} download="customer-import-result.csv" className={buttonClasses("secondary")}>
                Download the result (CSV)
              </a>
            ) : null}
            <Link href="/customers" className={buttonClasses("ghost")}>
              Back to the customers
            </Link>
          </div>
          <OutcomeTable outcomes={step.run.outcomes} words="apply" />
        </section>
      ) : null}
    </div>
  );
}


