import { can } from "@cr/domain";

import { NewUserForm } from "~/components/organization-admin/new-user-form";
import { UserList } from "~/components/organization-admin/user-list";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

import { requireSignedInUser } from "../../require-signed-in-user";
import { AdminOnly } from "../admin-only";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requireSignedInUser();
  if (!can(user, "organization.manage")) return <AdminOnly title="Users" />;
  await getQueryClient().prefetchQuery(trpc.user.list.queryOptions());
  return (
    <HydrateClient>
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Users</h1>
        <UserList />
        <NewUserForm />
      </div>
    </HydrateClient>
  );
}
