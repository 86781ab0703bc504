import { can } from "@cr/domain";

import { NotAllowed } from "~/components/auth/not-allowed";
import { CustomerImport } from "~/components/customer-import/customer-import";

import { requireSignedInUser } from "../../require-signed-in-user";

export const metadata = { title: "Import customers" };

export default async function CustomerImportPage() {
  const user = await requireSignedInUser();
  const title = "Import customers from CSV";
  if (!can(user, "customers.write")) {
    return <NotAllowed title={title}>Your role does not allow importing customers: you can read them, not change them.</NotAllowed>;
  }
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{title}</h1>
      <CustomerImport />
    </div>
  );
}
