import { CustomerList } from "~/components/customers/customer-list";
import { categoryFilterInput, customerListInput, readCustomerListState } from "~/components/customers/customer-list-query";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

import { requireSignedInUser } from "../require-signed-in-user";

export const metadata = { title: "Customers" };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSignedInUser();
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) if (typeof value === "string") params.set(key, value);
  const state = readCustomerListState(params);

  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.customer.list.queryOptions(customerListInput(state))),
    queryClient.prefetchQuery(trpc.reference.options.queryOptions(categoryFilterInput)),
  ]);

  return (
    <HydrateClient>
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Customers</h1>
        <CustomerList />
      </div>
    </HydrateClient>
  );
}
