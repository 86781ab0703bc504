import { countryOptions } from "@cr/domain";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";

import { CustomerEditor } from "~/components/customer-editor/customer-editor";
import { customerHistoryInput, paymentTypeOptionsInput } from "~/components/customer-editor/queries";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

import { requireSignedInUser } from "../../require-signed-in-user";

export const metadata = { title: "Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSignedInUser();
  const { id: idSegment } = await params;
  if (!/^[1-9]\d{0,8}$/.test(idSegment)) notFound();
  const id = Number(idSegment);

  // Everything the page shows arrives with its HTML: no request waits for hydration.
  const queryClient = getQueryClient();
  const [customer] = await Promise.allSettled([
    queryClient.fetchQuery(trpc.customer.byId.queryOptions({ id })),
    queryClient.prefetchQuery(trpc.organization.current.queryOptions()),
    queryClient.prefetchQuery(trpc.customer.history.queryOptions(customerHistoryInput(id))),
    queryClient.prefetchQuery(trpc.reference.options.queryOptions(paymentTypeOptionsInput)),
  ]);
  if (customer.status === "rejected") {
    // another organization's customer is answered like a missing one
    if (customer.reason instanceof TRPCError && customer.reason.code === "NOT_FOUND") notFound();
    throw customer.reason;
  }

  return (
    <HydrateClient>
      {/*
       * Country names come from the runtime's ICU data, and browsers name some
       * countries differently from Node ("Hong Kong SAR China" / "Hong Kong"):
       * the server's names travel with the page so that hydration matches.
       */}
      <CustomerEditor customerId={id} countries={countryOptions} />
    </HydrateClient>
  );
}
