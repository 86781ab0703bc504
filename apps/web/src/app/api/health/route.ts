import { probeRouteHandlers } from "~/server/probes/probe-handlers";

export const dynamic = "force-dynamic";

// the production server serves the same function without Next (see probe-handlers.ts)
export const { GET } = probeRouteHandlers["api/health"];
