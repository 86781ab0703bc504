"use client";

import { type KeyboardEvent, useEffect, useRef, useState } from "react";

import { Button } from "../ui/button";

/**
 * A button for what cannot be undone (deactivating a user, revoking a
 * token): pressed, it asks in place, and focus moves to Cancel, so that
 * pressing the same key twice does not confirm by accident. Escape cancels.
 */
export function ConfirmButton(props: {
  label: string;
  /** What it acts on, added to the button's accessible name ("Deactivate sam@example.com"). */
  subject: string;
  question: string;
  confirmLabel: string;
  isPending: boolean;
  onConfirm: () => void;
}) {
  const [isAsking, setIsAsking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<"cancel" | "trigger" | null>(null);

  useEffect(() => {
    if (focusNext.current === "cancel") cancel.current?.focus();
    if (focusNext.current === "trigger") trigger.current?.focus();
    focusNext.current = null;
  }, [isAsking]);

  const ask = (next: boolean) => {
    focusNext.current = next ? "cancel" : "trigger";
    setIsAsking(next);
  };

  if (!isAsking) {
    return (
      <Button ref={trigger} onClick={() => ask(true)} disabled={props.isPending}>
        {props.isPending ? "Working…" : props.label}
        <span className="sr-only"> {props.subject}</span>
      </Button>
    );
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") ask(false);
  };
  return (
    <span role="group" aria-label={props.question} onKeyDown={onKeyDown} className="inline-flex flex-wrap items-center gap-2">
      <span className="text-zinc-700">{props.question}</span>
      <Button
        variant="primary"
        onClick={() => {
          setIsAsking(false);
          props.onConfirm();
        }}
      >
        {props.confirmLabel}
      </Button>
      <Button ref={cancel} variant="ghost" onClick={() => ask(false)}>
        Cancel
      </Button>
    </span>
  );
}
