/**
 * `GET /api/health` and `GET /api/ready`, for load balancers and
 * orchestrators. Two servers export these functions, as they do the legacy
 * API's: the route files under `src/app/api` (`pnpm dev`), and the production
 * server on `node:http` (`http/production-server.ts`).
 *
 * - health (liveness): 200 while the process serves, whatever the database
 *   does; a restart would not mend a database.
 * - ready (readiness): 200 when `checkReadiness` says so, else 503 with its
 *   reason.
 *
 * No credential, nothing of a customer, no part of the legacy request budget;
 * their request lines are at debug level, so a probe every few seconds does
 * not fill the log.
 */
import { getServerDeps, type ServerDeps } from "../deps";
import { serveRequest } from "../serve-request";
import { checkReadiness, type Readiness } from "../services/check-readiness";
import { isDraining } from "./draining";

function probeAnswer(status: number, body: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    // a cached "ready" would hide the instance going down
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

function probeRoute(route: string, handle: () => Promise<Response>) {
  return (request: Request): Promise<Response> => serveRequest(request, { door: "probes", route, logLevel: "debug" }, handle);
}

export function createProbeHandlers(
  getDeps: () => Promise<ServerDeps>,
  options: { draining?: () => boolean } = {},
) {
  const draining = options.draining ?? isDraining;
  return {
    "api/health": {
      GET: probeRoute("/api/health", async () => probeAnswer(200, { status: "ok" })),
    },
    "api/ready": {
      GET: probeRoute("/api/ready", async () => {
        let readiness: Readiness;
        try {
          readiness = await checkReadiness({ deps: await getDeps(), draining: draining() });
        } catch {
          // the deps could not be built (the database could not be opened)
          readiness = { ready: false, reason: "the database cannot be opened" };
        }
        return readiness.ready
          ? probeAnswer(200, { status: "ready" })
          : probeAnswer(503, { status: "unavailable", reason: readiness.reason });
      }),
    },
  };
}

/** The production table, on the process's one set of deps (see `deps.ts`). */
export const probeRouteHandlers = createProbeHandlers(getServerDeps);
