"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";

import { useTRPC } from "~/trpc/react";

import { usePermissions } from "../auth/use-permissions";
import { Badge } from "../ui/badge";
import type { Country } from "./sections/address-sections";
import { CustomerForm } from "./customer-form";
import { CustomerHistory } from "./customer-history";
import { CustomerLogo, CustomerRecordFacts } from "./customer-profile";

export function CustomerEditor({ customerId, countries }: { customerId: number; countries: readonly Country[] }) {
  const trpc = useTRPC();
  // The form diffs against the customer it was loaded with, so this copy only
  // changes when a save answers (never by a background refetch under the form).
  const { data: customer } = useSuspenseQuery({ ...trpc.customer.byId.queryOptions({ id: customerId }), staleTime: Infinity });
  const { data: organization } = useSuspenseQuery(trpc.organization.current.queryOptions());
  // a viewer reads the customer: the same page, with nothing that would write
  const readOnly = !usePermissions().can("customers.write");

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <nav aria-label="Breadcrumb" className="text-zinc-500">
          <Link href="/customers" className="hover:text-zinc-900">
            Customers
          </Link>
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{customer.name}</h1>
          <span className="font-mono text-zinc-500">{customer.reference}</span>
          {customer.isActive ? <Badge tone="positive">Active</Badge> : <Badge>Inactive</Badge>}
          {customer.onHold ? <Badge tone="warning">On hold</Badge> : null}
        </div>
      </header>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_16rem]">
        <CustomerForm customer={customer} organization={organization} countries={countries} readOnly={readOnly} />
        <aside className="space-y-6 lg:sticky lg:top-6">
          <CustomerLogo customer={customer} readOnly={readOnly} />
          <CustomerRecordFacts customer={customer} />
        </aside>
      </div>

      <CustomerHistory customerId={customerId} />
    </div>
  );
}
