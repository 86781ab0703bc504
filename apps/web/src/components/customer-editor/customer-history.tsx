"use client";

import { customerFieldLabel } from "@cr/domain";
import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "~/trpc/react";

import { formatDateTime } from "../format";
import { customerHistoryInput } from "./queries";

const channelLabels = { ui: "Web", api: "API", import: "Import" } as const;

export function HistoryValue({ value }: { value: string | null }) {
  if (value === null) return <span className="text-zinc-500">empty</span>;
  const shown = value === "true" ? "Yes" : value === "false" ? "No" : value;
  return <span className="break-all">{shown}</span>;
}

export function CustomerHistory({ customerId }: { customerId: number }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.customer.history.queryOptions(customerHistoryInput(customerId)));
  const entries = history.data ?? [];
  return (
    <section aria-labelledby="customer-history" className="rounded-lg bg-white shadow-xs ring-1 ring-zinc-900/5">
      <h2 id="customer-history" className="px-5 pt-5 text-base font-semibold text-zinc-900">
        History
      </h2>
      {entries.length === 0 ? (
        <p className="px-5 pt-2 pb-5 text-zinc-500">
          {history.isPending ? "Loading the history…" : history.isError ? "The history could not be loaded." : "No changes recorded yet."}
        </p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-y border-zinc-200 text-left text-zinc-500">
              <tr>
                <th scope="col" className="px-5 py-2 font-medium">When</th>
                <th scope="col" className="px-3 py-2 font-medium">Field</th>
                <th scope="col" className="px-3 py-2 font-medium">Before</th>
                <th scope="col" className="px-3 py-2 font-medium">After</th>
                <th scope="col" className="px-3 py-2 font-medium">By</th>
                <th scope="col" className="px-5 py-2 font-medium">Through</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="px-5 py-2 whitespace-nowrap text-zinc-600 tabular-nums">{formatDateTime(entry.changedAt)}</td>
                  <td className="px-3 py-2 font-medium">{customerFieldLabel(entry.field)}</td>
                  <td className="px-3 py-2 text-zinc-600"><HistoryValue value={entry.oldValue} /></td>
                  <td className="px-3 py-2"><HistoryValue value={entry.newValue} /></td>
                  <td className="px-3 py-2 text-zinc-600">{entry.user?.email ?? "—"}</td>
                  <td className="px-5 py-2 text-zinc-600">{channelLabels[entry.channel]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
