import { getServerDeps } from "~/server/deps";
import { createLegacyRelatedObjectHandlers } from "~/server/legacy/related-object-handlers";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = createLegacyRelatedObjectHandlers<{ version: string; reference: string }>(
  getServerDeps,
  "region",
);
