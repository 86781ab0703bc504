"use client";

import { useQueries } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "~/trpc/react";
import type { RouterOutputs } from "~/trpc/types";

import { formatCount, formatDateTime } from "../format";
import { Button } from "../ui/button";
import { AUDIT_PAGE_SIZE, auditLogPageInput } from "./queries";

type AuditEntry = RouterOutputs["audit"]["list"][number];

const cellClass = "px-3 py-2 align-top";

/** A detail's value as text: the log stores JSON, and a null is worth showing ("expires: never" reads null). */
function detailText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? "";
}

function Details({ details }: { details: AuditEntry["details"] }) {
  const entries = details && typeof details === "object" ? Object.entries(details) : [];
  if (entries.length === 0) return null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-zinc-500">{key}</dt>
          <dd className="break-all">{detailText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * What the organization's admins did, newest first, a page at a time. Each
 * page is its own query, asked for with the id of the last entry shown
 * (`before`), so an entry written meanwhile does not repeat one. The pages
 * are not fetched again while shown: a first page fetched again with a new
 * entry would drop its last one, which the next page does not hold. Opening
 * the page again shows the newest.
 */
export function AuditLog() {
  const trpc = useTRPC();
  // the first page's `before` is none; each "Load more" adds the last id shown
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const pages = useQueries({
    queries: cursors.map((before) => ({ ...trpc.audit.list.queryOptions(auditLogPageInput(before)), staleTime: Infinity })),
  });

  const entries = pages.flatMap((page) => page.data ?? []);
  const lastPage = pages[pages.length - 1];
  const isLoading = pages.some((page) => page.isPending);
  const isError = pages.some((page) => page.isError);
  const hasMore = lastPage?.data?.length === AUDIT_PAGE_SIZE;
  const lastEntry = entries[entries.length - 1];

  return (
    <div className="space-y-4">
      <p role="status" className="text-zinc-600 tabular-nums">
        {isError
          ? "The audit log could not be loaded. Try again in a moment."
          : isLoading && entries.length === 0
            ? "Loading the audit log…"
            : entries.length === 0
              ? "Nothing has been recorded yet."
              : hasMore
                ? `The ${formatCount(entries.length)} most recent entries`
                : `All ${formatCount(entries.length)} entries`}
      </p>
      {entries.length > 0 ? (
        <div className="overflow-x-auto rounded-lg bg-white shadow-xs ring-1 ring-zinc-900/5">
          <table className="w-full text-sm">
            <caption className="sr-only">Audit log, newest first</caption>
            <thead className="border-b border-zinc-200 text-left text-zinc-500">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Time</th>
                <th scope="col" className="px-3 py-2 font-medium">Who</th>
                <th scope="col" className="px-3 py-2 font-medium">Action</th>
                <th scope="col" className="px-3 py-2 font-medium">Target</th>
                <th scope="col" className="px-3 py-2 font-medium">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className={`${cellClass} whitespace-nowrap text-zinc-600 tabular-nums`}>{formatDateTime(entry.createdAt)}</td>
                  <td className={cellClass}>
                    {entry.actor ? (
                      <>
                        <div>{entry.actor.name ?? entry.actor.email}</div>
                        {entry.actor.name ? <div className="text-xs text-zinc-500">{entry.actor.email}</div> : null}
                      </>
                    ) : (
                      // no user: an operator ran the admin command line
                      <span className="text-zinc-600 italic">command line</span>
                    )}
                  </td>
                  <td className={`${cellClass} font-mono text-xs`}>{entry.action}</td>
                  <td className={`${cellClass} font-mono text-xs`}>{entry.target}</td>
                  <td className={`${cellClass} text-xs`}>
                    <Details details={entry.details} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {hasMore && lastEntry ? (
        <Button disabled={isLoading} onClick={() => setCursors([...cursors, lastEntry.id])}>
          {isLoading ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
