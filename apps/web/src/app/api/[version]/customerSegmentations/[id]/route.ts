import { getServerDeps } from "~/server/deps";
import { createLegacyCustomerSegmentationHandlers } from "~/server/legacy/related-object-handlers";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = createLegacyCustomerSegmentationHandlers<{ version: string; id: string }>(getServerDeps);
