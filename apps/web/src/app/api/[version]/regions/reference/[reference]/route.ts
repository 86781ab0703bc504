import { getServerDeps } from "~/server/deps";
import { createLegacyRegionHandlers } from "~/server/legacy/related-object-handlers";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = createLegacyRegionHandlers<{ version: string; reference: string }>(getServerDeps);
