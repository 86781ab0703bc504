"use client";

import { Button } from "~/components/ui/button";

export default function SignedInError({ reset }: { reset: () => void }) {
  return (
    <div role="alert" className="space-y-3 rounded-lg bg-white p-6 shadow-xs ring-1 ring-zinc-900/5">
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="text-zinc-600">The page could not be shown. Nothing was changed.</p>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
