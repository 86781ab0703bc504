"use client";

/**
 * The pickers of the objects a customer refers to. Each asks the server for
 * a few options matching what is typed, only while its list is open.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "~/trpc/react";
import type { RouterInputs } from "~/trpc/types";

import { useDebouncedValue } from "../hooks/use-debounced-value";
import { Combobox, type ComboboxProps } from "../ui/combobox";

type PickerProps = Omit<ComboboxProps, "options" | "isLoading" | "onSearchChange" | "onOpenChange">;

const optionCount = 10;

function usePickerSearch() {
  const [search, setSearch] = useState("");
  const [isOpen, setIsOpen] = useState(false);
  return {
    search: useDebouncedValue(search, 200).trim() || undefined,
    isOpen,
    listeners: { onSearchChange: setSearch, onOpenChange: setIsOpen },
  };
}

/** A parent customer: any customer of the organization but this one. */
export function ParentCustomerPicker({ customerId, ...props }: PickerProps & { customerId: number }) {
  const trpc = useTRPC();
  const { search, isOpen, listeners } = usePickerSearch();
  const query = useQuery({
    ...trpc.customer.list.queryOptions({ search, limit: optionCount + 1 }),
    enabled: isOpen,
    placeholderData: keepPreviousData,
    select: (page) =>
      page.items
        .filter((customer) => customer.id !== customerId)
        .slice(0, optionCount)
        .map((customer) => ({ id: customer.id, label: customer.name, detail: customer.reference })),
  });
  return <Combobox {...props} {...listeners} options={query.data ?? []} isLoading={query.isFetching} />;
}

type ReferenceKind = Exclude<RouterInputs["reference"]["options"]["kind"], "paymentType">;

/** A category, segmentation or region of the organization. */
export function ReferencePicker({ kind, ...props }: PickerProps & { kind: ReferenceKind }) {
  const trpc = useTRPC();
  const { search, isOpen, listeners } = usePickerSearch();
  const query = useQuery({
    ...trpc.reference.options.queryOptions({ kind, search, limit: optionCount }),
    enabled: isOpen,
    placeholderData: keepPreviousData,
    select: (options) => options.map((option) => ({ id: option.id, label: option.name, detail: option.reference })),
  });
  return <Combobox {...props} {...listeners} options={query.data ?? []} isLoading={query.isFetching} />;
}
