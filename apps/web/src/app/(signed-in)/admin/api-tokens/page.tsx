import { can } from "@cr/domain";

import { ApiTokenList } from "~/components/organization-admin/api-token-list";
import { NewApiTokenForm } from "~/components/organization-admin/new-api-token-form";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

import { requireSignedInUser } from "../../require-signed-in-user";
import { AdminOnly } from "../admin-only";

export const metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const user = await requireSignedInUser();
  if (!can(user, "organization.manage")) return <AdminOnly title="API tokens" />;
  const queryClient = getQueryClient();
  // the form picks the owner among the users
  await Promise.all([queryClient.prefetchQuery(trpc.apiToken.list.queryOptions()), queryClient.prefetchQuery(trpc.user.list.queryOptions())]);
  return (
    <HydrateClient>
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">API tokens</h1>
        <p className="max-w-3xl text-zinc-600">
          Integrations call the API with a token in the <code>Authorization: Bearer</code> header. A token acts for its owner,
          with the lesser of its scope and the owner&apos;s role; deactivating the owner ends it too.
        </p>
        <NewApiTokenForm />
        <ApiTokenList />
      </div>
    </HydrateClient>
  );
}
