import { getServerDeps } from "~/server/deps";
import { createLegacyCustomerCategoryHandlers } from "~/server/legacy/related-object-handlers";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = createLegacyCustomerCategoryHandlers<{ version: string; id: string }>(getServerDeps);
