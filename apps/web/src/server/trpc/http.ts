import { isAppError } from "@cr/domain";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import type { ServerDeps } from "../deps";
import { logError } from "../log";
import { readRequestBody } from "../read-request-body";
import { serveRequest } from "../serve-request";
import { createTRPCContext } from "./init";
import { appRouter } from "./root";

/**
 * The body read here, within the request limit, before tRPC sees it: the
 * fetch adapter would otherwise buffer whatever it is sent (a chunked 300 MB
 * update did). The picture upload (FormData) comes through here too, so its
 * limit is the legacy door's.
 */
async function withBoundedBody(req: Request, maxBytes: number): Promise<Request> {
  if (!req.body) return req;
  const body = await readRequestBody(req, maxBytes);
  const headers = new Headers(req.headers);
  // the length is now known; a declared one may have lied
  headers.delete("content-length");
  return new Request(req.url, { method: req.method, headers, body, signal: req.signal });
}

/**
 * The procedures' names (`/api/trpc/customer.update`, a batch names several):
 * they hold no ids, the input travels in the query or the body. Cut, since a
 * client may send any path.
 */
function trpcRoute(req: Request): string {
  return new URL(req.url).pathname.slice(0, 200);
}

const TRPC_PREFIX = "/api/trpc/";
const UNKNOWN_PROCEDURE_ROUTE = `${TRPC_PREFIX}{unknown}`;
const procedures = new Set(Object.keys(appRouter._def.procedures));
/** Routes already found to name procedures only (a batch names several); at most a few hundred. */
const procedureRoutes = new Set<string>();

/**
 * The route the metrics count (serve-request.ts): the logged one when it
 * names procedures of the router only, else one route for every path a
 * client made up, so that those cannot grow the metrics' series.
 */
function trpcMetricsRoute(route: string): string {
  if (procedureRoutes.has(route)) return route;
  const known = route.startsWith(TRPC_PREFIX) && route.slice(TRPC_PREFIX.length).split(",").every((name) => procedures.has(name));
  if (!known) return UNKNOWN_PROCEDURE_ROUTE;
  if (procedureRoutes.size < 1_000) procedureRoutes.add(route);
  return route;
}

/** The tRPC door over HTTP: used by the `/api/trpc` route and by the tests that go through HTTP. */
export function handleTRPCRequest(req: Request, deps: ServerDeps): Promise<Response> {
  const route = trpcRoute(req);
  return serveRequest(req, { door: "trpc", route, metricsRoute: trpcMetricsRoute(route) }, () => answerTRPCRequest(req, deps));
}

async function answerTRPCRequest(req: Request, deps: ServerDeps): Promise<Response> {
  let bounded: Request;
  try {
    bounded = await withBoundedBody(req, deps.config.maxRequestBytes);
  } catch (error) {
    if (!isAppError(error)) throw error;
    // before tRPC, so in the shape this route always answered a refused body in
    const code = error.code === "payload_too_large" ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST";
    return Response.json({ error: { message: error.message, code } }, { status: error.status });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: bounded,
    router: appRouter,
    createContext: ({ resHeaders }) => createTRPCContext({ deps, headers: req.headers, resHeaders }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") logError("tRPC procedure failed", error.cause ?? error, { path });
    },
  });
}
