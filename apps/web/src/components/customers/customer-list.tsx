"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback } from "react";

import { useTRPC } from "~/trpc/react";

import { usePermissions } from "../auth/use-permissions";
import { formatCount } from "../format";
import { Button, buttonClasses } from "../ui/button";
import { CustomerBulkBar } from "./customer-bulk-edit";
import { CustomerFilters } from "./customer-filters";
import {
  customerExportHref,
  customerListInput,
  customerListQueryString,
  type CustomerListState,
  type CustomerSortKey,
  readCustomerListState,
} from "./customer-list-query";
import { CustomerPagination } from "./customer-pagination";
import { CustomerSearchBox } from "./customer-search-box";
import { customerListFilterOf, useCustomerSelection } from "./customer-selection";
import { CustomerTable } from "./customer-table";

/**
 * Changes the list by changing the URL. The browser's history API is enough
 * (Next keeps `useSearchParams` in step): the rows come from tRPC, so there is
 * no server page to render again. Typing replaces the entry; filters, sorting
 * and paging add one, so Back walks through them.
 */
function useListNavigation() {
  return useCallback((change: Partial<CustomerListState>, options: { replace?: boolean } = {}) => {
    // read at call time: a debounced search must not apply over a newer filter
    const current = readCustomerListState(new URLSearchParams(window.location.search));
    // any change but paging starts again from the first page
    const next = { ...current, page: 1, cursor: undefined, ...change };
    const url = `${window.location.pathname}${customerListQueryString(next)}`;
    if (options.replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }, []);
}

export function CustomerList() {
  const trpc = useTRPC();
  const state = readCustomerListState(useSearchParams());
  const navigate = useListNavigation();
  const selection = useCustomerSelection(customerListFilterOf(state));
  // a viewer reads and exports: no selection to edit, no import
  const canWrite = usePermissions().can("customers.write");

  const input = customerListInput(state);
  const list = useQuery({ ...trpc.customer.list.queryOptions(input), placeholderData: keepPreviousData });

  // the next page is usually the next click: keep it loaded (this component does not watch it)
  const total = list.data?.total ?? 0;
  const nextCursor = list.isPlaceholderData ? null : (list.data?.nextCursor ?? null);
  const previousCursor = list.isPlaceholderData ? null : (list.data?.previousCursor ?? null);
  const nextPage = { page: state.page + 1, cursor: nextCursor ?? undefined };
  useQuery({
    ...trpc.customer.list.queryOptions(customerListInput({ ...state, ...nextPage })),
    enabled: nextCursor !== null,
    notifyOnChangeProps: [],
  });

  const onSearch = useCallback((search: string) => navigate({ search }, { replace: true }), [navigate]);
  const onSort = (sort: CustomerSortKey) =>
    navigate({ sort, order: state.sort === sort && state.order === "asc" ? "desc" : "asc" });
  const hasFilters = Boolean(state.search) || state.isActive !== undefined || state.onHold !== undefined || state.categoryId !== undefined;

  const rows = list.data?.items ?? [];
  const first = (state.page - 1) * state.pageSize + 1;
  const last = first - 1 + rows.length;
  const totalText = `${formatCount(total)}${list.data?.totalIsExact === false ? "+" : ""}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <CustomerSearchBox value={state.search} onSearch={onSearch} />
        <CustomerFilters state={state} onChange={(change) => navigate(change)} />
        {hasFilters ? (
          <Button variant="ghost" onClick={() => navigate({ search: "", isActive: undefined, onHold: undefined, categoryId: undefined })}>
            Clear filters
          </Button>
        ) : null}
        <div className="ml-auto flex gap-2">
          <a href={customerExportHref(state)} download className={buttonClasses("secondary")}>
            Export CSV
          </a>
          {canWrite ? (
            <Link href="/customers/import" className={buttonClasses("secondary")}>
              Import CSV
            </Link>
          ) : null}
        </div>
      </div>

      <p role="status" className="text-zinc-600 tabular-nums">
        {list.isPending
          ? "Loading customers…"
          : list.isError
            ? "The customers could not be loaded. Try again in a moment."
            : total === 0
              ? hasFilters
                ? "No customers match these filters."
                : "No customers yet."
              : rows.length === 0
                ? "This page is past the end of the list."
                : `${formatCount(first)}–${formatCount(last)} of ${totalText} customers`}
      </p>

      {canWrite ? (
        <CustomerBulkBar selection={selection} total={total} totalIsExact={list.data?.totalIsExact ?? true} rowsOnPage={rows.length} />
      ) : null}

      {rows.length > 0 ? (
        <CustomerTable
          rows={rows}
          isStale={list.isPlaceholderData}
          sort={state.sort}
          order={state.order}
          onSort={onSort}
          selection={canWrite ? selection : undefined}
        />
      ) : null}

      {total > 0 ? (
        <CustomerPagination
          page={state.page}
          pageSize={state.pageSize}
          pageCount={list.data?.totalIsExact ? Math.max(1, Math.ceil(total / state.pageSize)) : undefined}
          hasNext={nextCursor !== null}
          onNext={() => navigate(nextPage)}
          // back to page 1 is the list's start; elsewhere the cursor, or the
          // page's offset when the answer had none (an empty page past the end)
          onPrevious={() =>
            navigate({ page: state.page - 1, cursor: state.page > 2 ? (previousCursor ?? undefined) : undefined })
          }
          onPageSize={(pageSize) => navigate({ pageSize })}
        />
      ) : null}
    </div>
  );
}
