import { getServerDeps } from "~/server/deps";
import { createLegacyCustomerHandlers } from "~/server/legacy/customer-handlers";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = createLegacyCustomerHandlers<{ version: string; reference: string }>(
  getServerDeps,
);
