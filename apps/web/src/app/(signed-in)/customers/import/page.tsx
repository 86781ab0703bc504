import { CustomerImport } from "~/components/customer-import/customer-import";

import { requireSignedInUser } from "../../require-signed-in-user";

export const metadata = { title: "Import customers" };

export default async function CustomerImportPage() {
  await requireSignedInUser();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Import customers from CSV</h1>
      <CustomerImport />
    </div>
  );
}
