/** The UI's CSV import of customers; see `~/server/imports/customer-import-handler`. */
import { getServerDeps } from "~/server/deps";
import { createCustomerImportHandlers } from "~/server/imports/customer-import-handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const { POST } = createCustomerImportHandlers(() => getServerDeps());
