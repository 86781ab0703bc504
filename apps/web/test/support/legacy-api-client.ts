/**
 * Calls any path of the legacy API the way Next routes it: the route of the
 * legacy route table (`legacy-routes.ts`, which the route files export, and
 * whose folder matching a test checks against `src/app`), a real `Request`,
 * decoded `params` in a promise. Tests can then follow an `href` or a
 * `paging.next` exactly as a client would.
 */
import type { ServerDeps } from "~/server/deps";
import { createOpenApiHandlers } from "~/server/legacy/openapi-handler";
import { createLegacyRouteHandlers, createLegacyRouter, type LegacyMethod } from "~/server/legacy/legacy-routes";

import { PUBLIC_BASE_URL } from "./test-server";

export interface LegacyRequest {
  method?: LegacyMethod;
  headers?: Record<string, string>;
  /** A ReadableStream is sent chunked, without a declared length. */
  body?: URLSearchParams | FormData | string | ReadableStream<Uint8Array>;
}

export function createLegacyApiClient(deps: ServerDeps) {
  const router = createLegacyRouter({
    ...createLegacyRouteHandlers(() => Promise.resolve(deps)),
    // described by the contract's tooling, served by Next alone (a static route)
    "api/openapi.json": createOpenApiHandlers(),
  });

  async function request(path: string, { method = "GET", headers = {}, body }: LegacyRequest = {}): Promise<Response> {
    const url = new URL(path, PUBLIC_BASE_URL);
    const route = router.match(url.pathname);
    if (!route) throw new Error(`no legacy route serves ${path}`);
    const handler = route.handlers[method];
    if (!handler) throw new Error(`${route.file}/route.ts exports no ${method}`);
    const init = { method, headers, body: method === "GET" ? undefined : body, duplex: "half" } as RequestInit;
    return handler(new Request(url, init), { params: Promise.resolve(route.params) as Promise<never> });
  }

  return {
    request,
    get: (path: string, headers: Record<string, string> = {}) => request(path, { headers }),
    /** GET and parse; fails the test on any other status than 200. */
    async getJson<T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}): Promise<T> {
      const response = await request(path, { headers });
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}

/** Every `href` in a JSON answer, in document order. */
export function collectHrefs(json: unknown): string[] {
  if (Array.isArray(json)) return json.flatMap(collectHrefs);
  if (json === null || typeof json !== "object") return [];
  return Object.entries(json).flatMap(([key, value]) =>
    key === "href" && typeof value === "string" ? [value] : collectHrefs(value),
  );
}
