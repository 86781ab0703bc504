"use client";

import { type ReactNode, useEffect, useId, useRef, useState } from "react";

import { Button } from "./button";
import { Input } from "./controls";

type CopyState = "idle" | "copied" | "failed";

const copyTexts: Record<CopyState, string> = {
  idle: "Select it and press Ctrl C (⌘C), or use Copy.",
  copied: "Copied to the clipboard.",
  failed: "The browser did not let the page copy it: select it and press Ctrl C (⌘C).",
};

/**
 * A secret the server shows once (an API token, a webhook's signing secret):
 * the panel takes focus, says so, and offers to copy it.
 */
export function ShownOnceSecret(props: { title: string; secret: string; secretLabel: string; children: ReactNode; onDone: () => void }) {
  const panel = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<CopyState>("idle");
  const titleId = useId();
  const hintId = useId();
  useEffect(() => {
    panel.current?.focus();
  }, []);

  async function copySecret() {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  }

  return (
    <section
      ref={panel}
      tabIndex={-1}
      aria-labelledby={titleId}
      className="space-y-3 rounded-lg bg-amber-50 p-5 ring-1 ring-amber-600/20 focus:outline-none"
    >
      <h2 id={titleId} className="text-base font-semibold text-zinc-900">
        {props.title}
      </h2>
      {props.children}
      <div className="flex flex-wrap items-center gap-2">
        <Input
          readOnly
          value={props.secret}
          aria-label={props.secretLabel}
          aria-describedby={hintId}
          onFocus={(event) => event.currentTarget.select()}
          className="max-w-xl font-mono"
        />
        <Button onClick={() => void copySecret()}>Copy</Button>
      </div>
      <p id={hintId} role="status" className="text-zinc-700">
        {copyTexts[copy]}
      </p>
      <Button variant="primary" onClick={props.onDone}>
        I have copied it
      </Button>
    </section>
  );
}
