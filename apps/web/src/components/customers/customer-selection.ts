"use client";

/**
 * The customers ticked in the list for a bulk edit: some rows (kept while the
 * user pages and sorts, so that rows of several pages can be ticked), or every
 * customer the filters match. A change of search or filters starts a new
 * selection: a ticked row the list no longer shows would be edited unseen.
 */
import { useState } from "react";

import type { CustomerListState } from "./customer-list-query";

export type CustomerListFilter = Pick<CustomerListState, "isActive" | "onHold" | "categoryId"> & { search?: string };

export type CustomerSelection =
  | { kind: "rows"; ids: ReadonlySet<number> }
  | { kind: "matching"; filter: CustomerListFilter };

export function customerListFilterOf(state: CustomerListState): CustomerListFilter {
  return { search: state.search || undefined, isActive: state.isActive, onHold: state.onHold, categoryId: state.categoryId };
}

const noRows: CustomerSelection = { kind: "rows", ids: new Set() };

export function useCustomerSelection(filter: CustomerListFilter) {
  const filterKey = JSON.stringify(filter);
  const [held, setHeld] = useState<{ filterKey: string; selection: CustomerSelection }>({ filterKey, selection: noRows });
  const selection = held.filterKey === filterKey ? held.selection : noRows;
  const set = (next: CustomerSelection) => setHeld({ filterKey, selection: next });

  const ids = selection.kind === "rows" ? selection.ids : new Set<number>();
  return {
    selection,
    isEmpty: selection.kind === "rows" && selection.ids.size === 0,
    isSelected: (id: number) => selection.kind === "matching" || ids.has(id),
    /** Ticks or unticks rows (of the page, or one). */
    setRows(rowIds: readonly number[], checked: boolean) {
      const next = new Set(ids);
      for (const id of rowIds) {
        if (checked) next.add(id);
        else next.delete(id);
      }
      set({ kind: "rows", ids: next });
    },
    selectAllMatching: () => set({ kind: "matching", filter }),
    clear: () => set(noRows),
  };
}

export type CustomerSelectionState = ReturnType<typeof useCustomerSelection>;
