import { legacyRouteHandlers } from "~/server/legacy/legacy-routes";

export const dynamic = "force-dynamic";

// the production server serves the same functions without Next (see legacy-routes.ts)
export const { POST, GET } = legacyRouteHandlers.j_spring_security_check;
