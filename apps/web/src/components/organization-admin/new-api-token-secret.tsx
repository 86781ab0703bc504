"use client";

import { ShownOnceSecret } from "../ui/shown-once-secret";

/** The secret of a token just created. The server keeps only its hash: this is the one time it can be read. */
export function NewApiTokenSecret({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  return (
    <ShownOnceSecret title={`API token “${name}” created`} secret={token} secretLabel="The new API token" onDone={onDone}>
      <p className="font-medium text-amber-900">Copy it now: it will not be shown again. Lost, it can only be revoked and replaced.</p>
    </ShownOnceSecret>
  );
}
