import { legacyRouteHandlers } from "~/server/legacy/legacy-routes";

export const dynamic = "force-dynamic";

// the production server serves the same functions without Next (see legacy-routes.ts)
export const { GET, POST, PUT, PATCH, DELETE } = legacyRouteHandlers["api/[version]/webhooks/[id]/test"];
