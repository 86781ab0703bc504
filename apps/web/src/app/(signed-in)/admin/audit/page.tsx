import { can } from "@cr/domain";

import { AuditLog } from "~/components/organization-admin/audit-log";
import { auditLogPageInput } from "~/components/organization-admin/queries";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

import { requireSignedInUser } from "../../require-signed-in-user";
import { AdminOnly } from "../admin-only";

export const metadata = { title: "Audit log" };

export default async function AuditPage() {
  const user = await requireSignedInUser();
  if (!can(user, "organization.manage")) return <AdminOnly title="Audit log" />;
  await getQueryClient().prefetchQuery(trpc.audit.list.queryOptions(auditLogPageInput()));
  return (
    <HydrateClient>
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Audit log</h1>
        <AuditLog />
      </div>
    </HydrateClient>
  );
}
