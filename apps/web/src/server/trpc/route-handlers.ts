/**
 * The tRPC door's route handlers, built once: the route file
 * `app/api/trpc/[trpc]/route.ts` exports them (for `next dev`, and `next
 * start`), and the production server calls the same functions on `node:http`
 * (`http/production-server.ts`), without Next's work per request, as it does
 * for the legacy API. One implementation, two ways of serving.
 */
import { getServerDeps } from "../deps";
import { handleTRPCRequest } from "./http";

async function handler(request: Request): Promise<Response> {
  return handleTRPCRequest(request, await getServerDeps());
}

export const trpcRouteHandlers = { GET: handler, POST: handler };
