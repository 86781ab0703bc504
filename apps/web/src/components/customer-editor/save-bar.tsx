"use client";

import { useEffect, type RefObject } from "react";

import { useIsHydrated } from "../hooks/use-is-hydrated";
import { Button } from "../ui/button";

export type SaveOutcome = "saved" | "unchanged" | null;

/** Ctrl+S / ⌘S saves the form from anywhere on the page, as in a document (when `enabled`). */
export function useSaveShortcut(form: RefObject<HTMLFormElement | null>, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        form.current?.requestSubmit();
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [form, enabled]);
}

function statusText(props: { isDirty: boolean; isSaving: boolean; outcome: SaveOutcome; errorCount: number }) {
  if (props.isSaving) return "Saving…";
  if (props.errorCount > 0) return props.errorCount === 1 ? "One field needs attention." : `${props.errorCount} fields need attention.`;
  if (props.isDirty) return "Unsaved changes";
  if (props.outcome === "saved") return "Saved";
  if (props.outcome === "unchanged") return "Nothing to save";
  return "";
}

/** The form's footer, kept in view: what state the form is in, and Save. */
export function SaveBar(props: {
  isDirty: boolean;
  isSaving: boolean;
  outcome: SaveOutcome;
  errorCount: number;
  formError: string | null;
  onDiscard: () => void;
}) {
  const isHydrated = useIsHydrated();
  const status = statusText(props);
  return (
    <div className="sticky bottom-0 z-10 -mx-1 flex flex-wrap items-center gap-3 rounded-lg bg-white/95 px-4 py-3 shadow-[0_-1px_0_0_rgb(0_0_0/0.05)] ring-1 ring-zinc-900/5 backdrop-blur">
      <p role="status" className={props.outcome === "saved" && !props.isDirty ? "font-medium text-emerald-700" : "text-zinc-600"}>
        {status}
      </p>
      {props.formError ? (
        <p role="alert" className="font-medium text-red-600">
          {props.formError}
        </p>
      ) : null}
      <div className="ml-auto flex items-center gap-2">
        <kbd className="hidden font-sans text-xs text-zinc-500 sm:inline">Ctrl S</kbd>
        <Button variant="ghost" onClick={props.onDiscard} disabled={!props.isDirty || props.isSaving}>
          Discard
        </Button>
        <Button type="submit" variant="primary" disabled={!isHydrated || props.isSaving}>
          Save
        </Button>
      </div>
    </div>
  );
}
