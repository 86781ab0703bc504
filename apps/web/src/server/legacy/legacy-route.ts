/**
 * What every legacy API route does around its own work: check the version
 * prefix, authenticate, count the request against the caller's rate limit,
 * and turn any error into the contract's JSON.
 */
import { AppError, isLegacyApiVersion, type LegacyApiVersion } from "@cr/domain";
import type { AuthenticatedUser } from "@cr/db/repositories";

import { requireRequestUser } from "../auth/credentials";
import type { ServerDeps } from "../deps";
import { legacyErrorResponse, RateLimitedError } from "./legacy-response";

export interface LegacyRequestContext<Params> {
  request: Request;
  params: Params;
  deps: ServerDeps;
  user: AuthenticatedUser;
  apiVersion: LegacyApiVersion;
}

type RouteContext<Params> = { params: Promise<Params> };

export function notFoundError(): AppError {
  return new AppError("not_found", "The requested resource doesn't exist.");
}

export function methodNotAllowedError(): AppError {
  return new AppError("method_not_allowed", "The request method is not supported.");
}

export function legacyApiRoute<Params extends { version: string }>(
  getDeps: () => Promise<ServerDeps>,
  handle: (context: LegacyRequestContext<Params>) => Promise<Response>,
) {
  return async (request: Request, routeContext: RouteContext<Params>): Promise<Response> => {
    try {
      const params = await routeContext.params;
      if (!isLegacyApiVersion(params.version)) throw notFoundError();
      const deps = await getDeps();
      const user = await requireRequestUser(deps, request.headers);
      const limit = deps.rateLimiter.hit(`user:${user.id}`);
      if (!limit.allowed) throw new RateLimitedError(limit.retryAfterSeconds);
      return await handle({ request, params, deps, user, apiVersion: params.version });
    } catch (error) {
      return legacyErrorResponse(error, { method: request.method, url: request.url });
    }
  };
}

/** 405 in the contract's format for the methods a legacy path does not serve; `Allow` names those it does. */
export function methodNotAllowed(allow: "GET" | "POST" | "GET, POST") {
  return async (..._routeArgs: unknown[]): Promise<Response> => {
    const response = legacyErrorResponse(methodNotAllowedError());
    response.headers.set("allow", allow);
    return response;
  };
}
