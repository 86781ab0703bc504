"use client";

import { useEffect, useRef, useState } from "react";

import { Button } from "../ui/button";
import { Input } from "../ui/controls";

type CopyState = "idle" | "copied" | "failed";

const copyTexts: Record<CopyState, string> = {
  idle: "Select it and press Ctrl C (⌘C), or use Copy.",
  copied: "Copied to the clipboard.",
  failed: "The browser did not let the page copy it: select it and press Ctrl C (⌘C).",
};

/**
 * The secret of a token just created. The server keeps only its hash, so
 * this is the one time it can be read: the panel takes focus and says so.
 */
export function NewApiTokenSecret({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const panel = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<CopyState>("idle");
  useEffect(() => {
    panel.current?.focus();
  }, []);

  async function copyToken() {
    try {
      await navigator.clipboard.writeText(token);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  }

  return (
    <section
      ref={panel}
      tabIndex={-1}
      aria-labelledby="new-token-secret-title"
      className="space-y-3 rounded-lg bg-amber-50 p-5 ring-1 ring-amber-600/20 focus:outline-none"
    >
      <h2 id="new-token-secret-title" className="text-base font-semibold text-zinc-900">
        API token “{name}” created
      </h2>
      <p className="font-medium text-amber-900">Copy it now: it will not be shown again. Lost, it can only be revoked and replaced.</p>
      <div className="flex flex-wrap items-center gap-2">
        <Input
          readOnly
          value={token}
          aria-label="The new API token"
          aria-describedby="new-token-copy-hint"
          onFocus={(event) => event.currentTarget.select()}
          className="max-w-xl font-mono"
        />
        <Button onClick={() => void copyToken()}>Copy</Button>
      </div>
      <p id="new-token-copy-hint" role="status" className="text-zinc-700">
        {copyTexts[copy]}
      </p>
      <Button variant="primary" onClick={onDone}>
        I have copied it
      </Button>
    </section>
  );
}
