/**
 * What every legacy API route does around its own work: serve it in its
 * request scope (request id, log line), check the version prefix,
 * authenticate, count the request against the caller's rate limit, and turn
 * any error into the contract's JSON.
 */
import { AppError, isLegacyApiVersion, type LegacyApiVersion } from "@cr/domain";
import type { AuthenticatedUser } from "@cr/db/repositories";

import { requireRequestUser } from "../auth/credentials";
import type { ServerDeps } from "../deps";
import { noteRequestRoute } from "../request-scope";
import { serveRequest } from "../serve-request";
import { readLegacyQuery } from "./legacy-query";
import { legacyErrorResponse, RateLimitedError } from "./legacy-response";

export interface LegacyRequestContext<Params> {
  request: Request;
  params: Params;
  deps: ServerDeps;
  user: AuthenticatedUser;
  apiVersion: LegacyApiVersion;
  /** The query string, strictly UTF-8 (`legacy-query.ts`). */
  query: URLSearchParams;
}

type RouteContext<Params> = { params: Promise<Params> };

/**
 * The route's pattern for the log, e.g. `/api/{version}/customers/{id}`: one
 * handler factory serves a path by id and by reference, told apart by their
 * parameters.
 */
export type LegacyRoutePattern<Params> = string | ((params: Params) => string);

/** `/api/{version}/<collection>/{id}<suffix>` or `.../reference/{reference}<suffix>`. */
export function byIdOrReference(collection: string, suffix = "") {
  return (params: object): string =>
    "reference" in params
      ? `/api/{version}/${collection}/reference/{reference}${suffix}`
      : `/api/{version}/${collection}/{id}${suffix}`;
}

function notePattern<Params>(pattern: LegacyRoutePattern<Params>, params: Params): void {
  noteRequestRoute(typeof pattern === "string" ? pattern : pattern(params));
}

function errorContext(request: Request): Record<string, unknown> {
  return { method: request.method, path: new URL(request.url).pathname };
}

export function notFoundError(): AppError {
  return new AppError("not_found", "The requested resource doesn't exist.");
}

export function methodNotAllowedError(): AppError {
  return new AppError("method_not_allowed", "The request method is not supported.");
}

export function legacyApiRoute<Params extends { version: string }>(
  getDeps: () => Promise<ServerDeps>,
  pattern: LegacyRoutePattern<Params>,
  handle: (context: LegacyRequestContext<Params>) => Promise<Response>,
) {
  return (request: Request, routeContext: RouteContext<Params>): Promise<Response> =>
    serveRequest(request, { door: "legacy", route: null }, async () => {
      try {
        const params = await routeContext.params;
        notePattern(pattern, params);
        if (!isLegacyApiVersion(params.version)) throw notFoundError();
        const deps = await getDeps();
        const user = await requireRequestUser(deps, request.headers);
        const limit = deps.rateLimiter.hit(`user:${user.id}`);
        if (!limit.allowed) throw new RateLimitedError(limit.retryAfterSeconds);
        const query = readLegacyQuery(new URL(request.url));
        return await handle({ request, params, deps, user, apiVersion: params.version, query });
      } catch (error) {
        return legacyErrorResponse(error, errorContext(request));
      }
    });
}

/** A legacy path without credentials (login, the API's description) in its request scope; `handle` maps its own errors. */
export function legacyPublicRoute(pattern: string, handle: (request: Request) => Promise<Response>) {
  return (request: Request): Promise<Response> => serveRequest(request, { door: "legacy", route: pattern }, () => handle(request));
}

/** 405 in the contract's format for the methods a legacy path does not serve; `Allow` names those it does. */
export function methodNotAllowed<Params>(allow: "GET" | "POST" | "GET, POST" | "GET, DELETE", pattern: LegacyRoutePattern<Params>) {
  return (request: Request, routeContext?: RouteContext<Params>): Promise<Response> =>
    serveRequest(request, { door: "legacy", route: null }, async () => {
      if (typeof pattern === "string") noteRequestRoute(pattern);
      else if (routeContext) notePattern(pattern, await routeContext.params);
      const response = legacyErrorResponse(methodNotAllowedError());
      response.headers.set("allow", allow);
      return response;
    });
}
