/**
 * What every legacy API route does around its own work: check the version
 * prefix, authenticate, count the request against the caller's rate limit,
 * and turn any error into the contract's JSON.
 */
import { AppError } from "@cr/domain";
import type { AuthenticatedUser } from "@cr/db/repositories";

import { requireRequestUser } from "../auth/credentials";
import type { ServerDeps } from "../deps";
import { legacyErrorResponse, RateLimitedError } from "./legacy-response";

export const apiVersions = ["v1.0", "v2.1"] as const;
export type ApiVersion = (typeof apiVersions)[number];

export function isApiVersion(value: string): value is ApiVersion {
  return (apiVersions as readonly string[]).includes(value);
}

export interface LegacyRequestContext<Params> {
  request: Request;
  params: Params;
  deps: ServerDeps;
  user: AuthenticatedUser;
  apiVersion: ApiVersion;
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
      if (!isApiVersion(params.version)) throw notFoundError();
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

/** 405 in the contract's format for the methods a legacy path does not serve. */
export async function methodNotAllowed(..._routeArgs: unknown[]): Promise<Response> {
  return legacyErrorResponse(methodNotAllowedError());
}

/**
 * 405 for the read-only legacy paths (the related objects, the list, the
 * OpenAPI document): the same answer, with an `Allow` that names GET alone.
 */
export async function readOnlyMethodNotAllowed(..._routeArgs: unknown[]): Promise<Response> {
  const response = legacyErrorResponse(methodNotAllowedError());
  response.headers.set("allow", "GET");
  return response;
}
