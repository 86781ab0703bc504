"use client";

import { ShownOnceSecret } from "../ui/shown-once-secret";

/**
 * The signing secret of an endpoint just created: the receiver verifies each
 * delivery with it. It is shown this once (the list never shows it).
 */
export function WebhookSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  return (
    <ShownOnceSecret title="Webhook endpoint created" secret={secret} secretLabel="The signing secret" onDone={onDone}>
      <p className="break-all text-zinc-700">{url}</p>
      <p className="font-medium text-amber-900">
        Copy its signing secret now and give it to the receiver: it will not be shown again. Lost, the endpoint can only be deleted and
        created anew.
      </p>
    </ShownOnceSecret>
  );
}
