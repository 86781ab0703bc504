import { getServerDeps } from "~/server/deps";
import { createLegacyCustomerListHandlers } from "~/server/legacy/customer-list-handlers";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = createLegacyCustomerListHandlers(getServerDeps);
