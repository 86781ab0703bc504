import { type ReactNode, useId } from "react";

/** One group of the customer form: a titled card, announced as a region. */
export function FormSection({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-white p-5 shadow-xs ring-1 ring-zinc-900/5">
      <h2 id={headingId} className="text-base font-semibold text-zinc-900">
        {title}
      </h2>
      {description ? <p className="mt-1 text-zinc-500">{description}</p> : null}
      <div className="mt-4 grid gap-4 sm:grid-cols-2">{children}</div>
    </section>
  );
}
