import { getServerDeps } from "~/server/deps";
import { createLegacyPaymentTypeHandlers } from "~/server/legacy/related-object-handlers";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = createLegacyPaymentTypeHandlers<{ version: string; reference: string }>(getServerDeps);
