import { trpcRouteHandlers } from "~/server/trpc/route-handlers";

export const dynamic = "force-dynamic";

// the production server serves the same functions without Next (see route-handlers.ts)
export const { GET, POST } = trpcRouteHandlers;
