"use client";

import type { KeyboardEvent } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";

import type { RouterOutputs } from "~/trpc/types";

import { formatDateTime, formatMoney } from "../format";
import { Badge } from "../ui/badge";
import { Checkbox } from "../ui/controls";
import { cx } from "../ui/cx";
import type { CustomerSortKey, SortOrder } from "./customer-list-query";
import type { CustomerSelectionState } from "./customer-selection";

type CustomerRow = RouterOutputs["customer"]["list"]["items"][number];

interface SortProps {
  sort: CustomerSortKey;
  order: SortOrder;
  onSort: (sort: CustomerSortKey) => void;
}

function SortableHeader({ column, label, align, ...sort }: SortProps & { column: CustomerSortKey; label: string; align?: "right" }) {
  const isSorted = sort.sort === column;
  return (
    <th
      scope="col"
      aria-sort={isSorted ? (sort.order === "asc" ? "ascending" : "descending") : undefined}
      className={cx("px-3 py-2 font-medium", align === "right" ? "text-right" : "text-left")}
    >
      <button
        type="button"
        onClick={() => sort.onSort(column)}
        className={cx("inline-flex items-center gap-1 rounded hover:text-zinc-900", isSorted && "text-zinc-900")}
      >
        {label}
        <span aria-hidden="true" className={cx("text-xs", !isSorted && "invisible")}>
          {sort.order === "asc" ? "↑" : "↓"}
        </span>
      </button>
    </th>
  );
}

/** ArrowUp/ArrowDown walk from one customer's link to the next, like a list. */
function moveBetweenRows(event: KeyboardEvent<HTMLTableSectionElement>) {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>("a[data-row-link]")];
  const index = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (index < 0) return;
  event.preventDefault();
  links[event.key === "ArrowDown" ? Math.min(index + 1, links.length - 1) : Math.max(index - 1, 0)]?.focus();
}

export function CustomerTable({
  rows,
  isStale,
  selection,
  ...sort
}: SortProps & { rows: readonly CustomerRow[]; isStale: boolean; selection?: CustomerSelectionState }) {
  const router = useRouter();
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-xs ring-1 ring-zinc-900/5">
      <table aria-busy={isStale} className={cx("w-full text-sm transition-opacity", isStale && "opacity-60")}>
        <thead className="border-b border-zinc-200 text-zinc-500">
          <tr>
            {selection ? <SelectPageHeader rows={rows} selection={selection} /> : null}
            <SortableHeader column="name" label="Name" {...sort} />
            <SortableHeader column="reference" label="Reference" {...sort} />
            <th scope="col" className="px-3 py-2 text-left font-medium">Category</th>
            <th scope="col" className="px-3 py-2 text-left font-medium">City</th>
            <SortableHeader column="creditLimit" label="Credit limit" align="right" {...sort} />
            <th scope="col" className="px-3 py-2 text-left font-medium">Status</th>
            <SortableHeader column="lastUpdated" label="Last updated" {...sort} />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100" onKeyDown={moveBetweenRows}>
          {rows.map((row) => {
            const href = `/customers/${row.id}`;
            return (
              <tr key={row.id} className="relative hover:bg-zinc-50">
                {selection ? <SelectRowCell row={row} selection={selection} /> : null}
                <td className="px-3 py-2">
                  {/*
                   * The link covers the whole row (its ::after), so the row opens the customer
                   * while staying one link for keyboards and screen readers. Rows are not
                   * prefetched as they scroll into view (one server render per row); a
                   * pointer resting on a row or keyboard focus warms it instead.
                   */}
                  <Link
                    href={href}
                    data-row-link
                    prefetch={false}
                    onMouseEnter={() => router.prefetch(href)}
                    onFocus={() => router.prefetch(href)}
                    className="font-medium text-zinc-900 after:absolute after:inset-0 focus-visible:outline-none focus-visible:after:rounded focus-visible:after:ring-2 focus-visible:after:ring-indigo-600 focus-visible:after:ring-inset"
                  >
                    {row.name}
                  </Link>
                </td>
                <td className="px-3 py-2 font-mono text-xs text-zinc-600">{row.reference}</td>
                <td className="px-3 py-2 text-zinc-600">{row.categoryName}</td>
                <td className="px-3 py-2 text-zinc-600">{row.billingCity}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {row.creditLimit === null ? "" : formatMoney(row.creditLimit, row.currency)}
                </td>
                <td className="px-3 py-2">
                  <span className="flex gap-1">
                    {row.isActive ? <Badge tone="positive">Active</Badge> : <Badge>Inactive</Badge>}
                    {row.onHold ? <Badge tone="warning">On hold</Badge> : null}
                  </span>
                </td>
                <td className="px-3 py-2 whitespace-nowrap text-zinc-600 tabular-nums">{formatDateTime(row.lastUpdated)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Ticks every row of the page; shown mixed when only some are. */
function SelectPageHeader({ rows, selection }: { rows: readonly CustomerRow[]; selection: CustomerSelectionState }) {
  const ticked = rows.filter((row) => selection.isSelected(row.id)).length;
  const isMatching = selection.selection.kind === "matching";
  return (
    <th scope="col" className="w-8 py-2 pl-3">
      <Checkbox
        aria-label="Select the customers of this page"
        checked={ticked > 0 && ticked === rows.length}
        ref={(element) => {
          if (element) element.indeterminate = ticked > 0 && ticked < rows.length;
        }}
        onChange={(event) =>
          isMatching ? selection.clear() : selection.setRows(rows.map((row) => row.id), event.target.checked)
        }
      />
    </th>
  );
}

function SelectRowCell({ row, selection }: { row: CustomerRow; selection: CustomerSelectionState }) {
  return (
    // above the row link's overlay, so that a click ticks instead of opening the customer
    <td className="relative z-10 w-8 py-2 pl-3">
      <Checkbox
        aria-label={`Select ${row.name}`}
        checked={selection.isSelected(row.id)}
        // "every match" is one choice: undone from the header or the selection bar
        disabled={selection.selection.kind === "matching"}
        onChange={(event) => selection.setRows([row.id], event.target.checked)}
      />
    </td>
  );
}
