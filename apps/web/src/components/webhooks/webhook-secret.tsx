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
 * The signing secret of an endpoint just created: the receiver verifies each
 * delivery with it. It is shown this once (the list never shows it); the
 * panel takes focus and says so.
 */
export function WebhookSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const panel = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<CopyState>("idle");
  useEffect(() => {
    panel.current?.focus();
  }, []);

  async function copySecret() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  }

  return (
    <section
      ref={panel}
      tabIndex={-1}
      aria-labelledby="new-webhook-secret-title"
      className="space-y-3 rounded-lg bg-amber-50 p-5 ring-1 ring-amber-600/20 focus:outline-none"
    >
      <h2 id="new-webhook-secret-title" className="text-base font-semibold text-zinc-900">
        Webhook endpoint created
      </h2>
      <p className="break-all text-zinc-700">{url}</p>
      <p className="font-medium text-amber-900">
        Copy its signing secret now and give it to the receiver: it will not be shown again. Lost, the endpoint can only be deleted and
        created anew.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Input
          readOnly
          value={secret}
          aria-label="The signing secret"
          aria-describedby="new-webhook-copy-hint"
          onFocus={(event) => event.currentTarget.select()}
          className="max-w-xl font-mono"
        />
        <Button onClick={() => void copySecret()}>Copy</Button>
      </div>
      <p id="new-webhook-copy-hint" role="status" className="text-zinc-700">
        {copyTexts[copy]}
      </p>
      <Button variant="primary" onClick={onDone}>
        I have copied it
      </Button>
    </section>
  );
}
