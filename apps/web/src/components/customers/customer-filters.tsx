"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "~/trpc/react";

import { Select } from "../ui/controls";
import { categoryFilterInput, type CustomerListState } from "./customer-list-query";

type FilterChange = Partial<Pick<CustomerListState, "isActive" | "onHold" | "categoryId">>;

const flagValue = (flag: boolean | undefined) => (flag === undefined ? "" : String(flag));
const readFlag = (value: string) => (value === "" ? undefined : value === "true");

function FilterSelect(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={props.id} className="block text-sm font-medium text-zinc-700">
        {props.label}
      </label>
      <Select id={props.id} value={props.value} onChange={(event) => props.onChange(event.target.value)} className="w-auto min-w-36">
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    </div>
  );
}

export function CustomerFilters({ state, onChange }: { state: CustomerListState; onChange: (change: FilterChange) => void }) {
  const trpc = useTRPC();
  const categories = useQuery(trpc.reference.options.queryOptions(categoryFilterInput));
  return (
    <>
      <FilterSelect
        id="filter-active"
        label="Status"
        value={flagValue(state.isActive)}
        onChange={(value) => onChange({ isActive: readFlag(value) })}
        options={[
          { value: "", label: "Any status" },
          { value: "true", label: "Active" },
          { value: "false", label: "Inactive" },
        ]}
      />
      <FilterSelect
        id="filter-hold"
        label="Hold"
        value={flagValue(state.onHold)}
        onChange={(value) => onChange({ onHold: readFlag(value) })}
        options={[
          { value: "", label: "Any" },
          { value: "true", label: "On hold" },
          { value: "false", label: "Not on hold" },
        ]}
      />
      <FilterSelect
        id="filter-category"
        label="Category"
        value={state.categoryId === undefined ? "" : String(state.categoryId)}
        onChange={(value) => onChange({ categoryId: value === "" ? undefined : Number(value) })}
        options={[
          { value: "", label: "All categories" },
          ...(categories.data ?? []).map((category) => ({ value: String(category.id), label: category.name })),
        ]}
      />
    </>
  );
}
