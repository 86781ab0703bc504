import type { ReactNode } from "react";

/** A page the user's role does not open: its title, and why, instead of controls the server would refuse. */
export function NotAllowed({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{title}</h1>
      <p className="max-w-3xl rounded-lg bg-white p-6 text-zinc-700 shadow-xs ring-1 ring-zinc-900/5">{children}</p>
    </div>
  );
}
