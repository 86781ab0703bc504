/**
 * What the server knows of the request it is serving, wherever it is asked:
 * its id (SPEC §5 `X-Request-Id`), its route and, once authenticated, who is
 * calling. Held in an AsyncLocalStorage, so that every log line written while
 * the request runs carries its id, also from code that never sees the
 * request (the services, the picture storage). Next already runs each route
 * handler inside async local storages of its own, so this one adds only a
 * lookup per log line.
 *
 * `serveRequest` (serve-request.ts) opens the scope around each door's handler.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * An incoming id is kept when it is 1 to 128 characters of letters, digits
 * and `._:-` (UUIDs, ULIDs, trace ids): nothing a log line or a header could
 * be tricked with. Anything else is replaced by a fresh id, never echoed.
 */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestScope {
  readonly requestId: string;
  /**
   * The client sent an `X-Request-Id` (kept or replaced): it opted in to the
   * extension, so its 500s may name the id (SPEC §5: an old client sees none).
   */
  readonly clientSentRequestId: boolean;
  /** The route's pattern (`/api/{version}/customers/{id}`), never the raw path with its ids. */
  route: string | null;
  user?: { id: number; organizationId: number; organizationSlug: string };
  /** The request's trace, when tracing is on (observability/tracing.ts): its log lines carry it. */
  traceId?: string;
}

// One per process, on globalThis like the deps (deps.ts): the production
// server's bundle and Next's each load this module, and code of one (the deps'
// picture storage, say) logs while the other serves the request.
const globalForScope = globalThis as unknown as { requestScopeStorage?: AsyncLocalStorage<RequestScope> };

export const requestScopeStorage = (globalForScope.requestScopeStorage ??= new AsyncLocalStorage<RequestScope>());

export function requestIdOf(headers: Headers): { requestId: string; clientSentRequestId: boolean } {
  const sent = headers.get(REQUEST_ID_HEADER);
  if (sent === null) return { requestId: randomUUID(), clientSentRequestId: false };
  return { requestId: ACCEPTED_REQUEST_ID.test(sent) ? sent : randomUUID(), clientSentRequestId: true };
}

/** The request being served, or undefined outside any (start-up, sweeps, the CLI). */
export function currentRequestScope(): RequestScope | undefined {
  return requestScopeStorage.getStore();
}

/** Records who is calling, for the request's log line. */
export function noteRequestUser(user: { id: number; organizationId: number; organizationSlug: string } | undefined): void {
  const scope = requestScopeStorage.getStore();
  if (scope && user) scope.user = { id: user.id, organizationId: user.organizationId, organizationSlug: user.organizationSlug };
}

/** Records the route's pattern when it is only known once the path's parameters are. */
export function noteRequestRoute(route: string): void {
  const scope = requestScopeStorage.getStore();
  if (scope) scope.route = route;
}
