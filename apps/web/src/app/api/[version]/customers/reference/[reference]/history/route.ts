import { getServerDeps } from "~/server/deps";
import { createLegacyCustomerHistoryHandlers } from "~/server/legacy/customer-history-handlers";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = createLegacyCustomerHistoryHandlers<{
  version: string;
  reference: string;
}>(getServerDeps);
