"use client";

import { customerFieldLabel, type CustomerView } from "@cr/domain";

import type { RouterInputs, RouterOutputs } from "~/trpc/types";

import { formatDateTime } from "../format";
import { Button } from "../ui/button";
import { HistoryValue } from "./customer-history";

type HistoryEntry = RouterOutputs["customer"]["history"][number];
type CustomerPatchInput = RouterInputs["customer"]["update"]["patch"];

/** A save refused because someone else saved the customer after the form loaded it. */
export interface SaveConflictState {
  /** The customer as stored now. */
  latest: CustomerView;
  /** The changes saved since the form loaded the customer, oldest first. */
  theirChanges: HistoryEntry[];
  /** What the user tried to save. */
  myPatch: CustomerPatchInput;
}

/** A patch value as the history writes values: text, `true`/`false`, ids joined by commas. */
function asHistoryText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}

/**
 * What changed since the form was loaded, who changed it, and the user's own
 * values beside: the user reloads (theirs wins) or applies their own changes
 * on top of the new version (theirs stay where the user changed nothing).
 */
export function SaveConflict(props: {
  conflict: SaveConflictState;
  isSaving: boolean;
  onReload: () => void;
  onApplyMine: () => void;
}) {
  const { theirChanges, myPatch } = props.conflict;
  const lastOfTheirs = new Map(theirChanges.map((change) => [change.field, change]));
  const fields = [...new Set([...lastOfTheirs.keys(), ...Object.keys(myPatch)])];
  return (
    <section
      aria-labelledby="save-conflict"
      role="alert"
      className="rounded-lg bg-amber-50 p-5 shadow-xs ring-1 ring-amber-600/20"
    >
      <h2 id="save-conflict" className="text-base font-semibold text-amber-900">
        Someone else saved this customer after you opened it
      </h2>
      <p className="mt-1 text-sm text-amber-900">
        Your changes are not saved yet. Compare, then keep their version or apply yours on top of it.
      </p>
      <table className="mt-3 w-full text-sm">
        <thead>
          <tr className="text-left text-amber-900">
            <th className="py-1 pr-3 font-medium">Field</th>
            <th className="py-1 pr-3 font-medium">Saved meanwhile</th>
            <th className="py-1 pr-3 font-medium">Yours</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => {
            const theirs = lastOfTheirs.get(field);
            return (
              <tr key={field} className="border-t border-amber-600/10 align-top">
                <th scope="row" className="py-1 pr-3 text-left font-normal">
                  {customerFieldLabel(field)}
                </th>
                <td className="py-1 pr-3">
                  {theirs ? (
                    <>
                      <HistoryValue value={theirs.newValue} />
                      <span className="block text-xs text-amber-800">
                        by {theirs.user?.email ?? "an integration"}, {formatDateTime(theirs.changedAt)}
                      </span>
                    </>
                  ) : (
                    <span className="text-zinc-500">unchanged</span>
                  )}
                </td>
                <td className="py-1 pr-3">
                  {field in myPatch ? (
                    <HistoryValue value={asHistoryText(myPatch[field as keyof CustomerPatchInput])} />
                  ) : (
                    <span className="text-zinc-500">unchanged</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="mt-4 flex flex-wrap gap-2">
        <Button variant="ghost" onClick={props.onReload} disabled={props.isSaving}>
          Reload their version
        </Button>
        <Button variant="primary" onClick={props.onApplyMine} disabled={props.isSaving}>
          Apply my changes on top
        </Button>
      </div>
    </section>
  );
}
