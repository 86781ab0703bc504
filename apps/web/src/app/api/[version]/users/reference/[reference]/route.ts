import { getServerDeps } from "~/server/deps";
import { createLegacyUserHandlers } from "~/server/legacy/related-object-handlers";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = createLegacyUserHandlers<{ version: string; reference: string }>(getServerDeps);
