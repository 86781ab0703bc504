/**
 * Calls any path of the legacy API the way Next routes it: the first route
 * whose pattern matches (static segments before dynamic ones, as Next orders
 * them), a real `Request`, decoded `params` in a promise, through the same
 * handler factories that the route files export. Tests can then follow an
 * `href` or a `paging.next` exactly as a client would.
 */
import type { ServerDeps } from "~/server/deps";
import { createLegacyCustomerHandlers } from "~/server/legacy/customer-handlers";
import { createLegacyCustomerHistoryHandlers } from "~/server/legacy/customer-history-handlers";
import { createLegacyCustomerListHandlers } from "~/server/legacy/customer-list-handlers";
import { createLoginHandlers } from "~/server/legacy/login-handler";
import { createOpenApiHandlers } from "~/server/legacy/openapi-handler";
import { createLegacyRelatedObjectHandlers } from "~/server/legacy/related-object-handlers";

import { PUBLIC_BASE_URL } from "./test-server";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
// Each factory types its own params; the router only knows they are strings by name.
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

interface Route {
  /** The route file's folder under src/app, for the messages. */
  file: string;
  pattern: RegExp;
  handlers: Partial<Record<Method, Handler>>;
  params: (match: RegExpExecArray) => Record<string, string>;
}

export interface LegacyRequest {
  method?: Method;
  headers?: Record<string, string>;
  /** A ReadableStream is sent chunked, without a declared length. */
  body?: URLSearchParams | FormData | string | ReadableStream<Uint8Array>;
}

export function createLegacyApiClient(deps: ServerDeps) {
  const getDeps = () => Promise.resolve(deps);
  const byId = (match: RegExpExecArray) => ({ version: match[1]!, id: decodeURIComponent(match[2]!) });
  const byReference = (match: RegExpExecArray) => ({ version: match[1]!, reference: decodeURIComponent(match[2]!) });
  const relatedObjects = {
    customerCategories: "customerCategory",
    customerSegmentations: "customerSegmentation",
    paymentTypes: "paymentType",
    regions: "region",
    users: "user",
  } as const;

  const routes: Route[] = [
    { file: "j_spring_security_check", pattern: /^\/j_spring_security_check$/, handlers: createLoginHandlers(getDeps), params: () => ({}) },
    { file: "api/openapi.json", pattern: /^\/api\/openapi\.json$/, handlers: createOpenApiHandlers(), params: () => ({}) },
    {
      file: "api/[version]/customers",
      pattern: /^\/api\/([^/]+)\/customers$/,
      handlers: createLegacyCustomerListHandlers(getDeps),
      params: (match) => ({ version: match[1]! }),
    },
    {
      file: "api/[version]/customers/reference/[reference]/history",
      pattern: /^\/api\/([^/]+)\/customers\/reference\/([^/]+)\/history$/,
      handlers: createLegacyCustomerHistoryHandlers(getDeps),
      params: byReference,
    },
    {
      file: "api/[version]/customers/[id]/history",
      pattern: /^\/api\/([^/]+)\/customers\/([^/]+)\/history$/,
      handlers: createLegacyCustomerHistoryHandlers(getDeps),
      params: byId,
    },
    {
      file: "api/[version]/customers/reference/[reference]",
      pattern: /^\/api\/([^/]+)\/customers\/reference\/([^/]+)$/,
      handlers: createLegacyCustomerHandlers(getDeps),
      params: byReference,
    },
    {
      file: "api/[version]/customers/[id]",
      pattern: /^\/api\/([^/]+)\/customers\/([^/]+)$/,
      handlers: createLegacyCustomerHandlers(getDeps),
      params: byId,
    },
    ...Object.entries(relatedObjects).flatMap(([collection, kind]): Route[] => [
      {
        file: `api/[version]/${collection}/reference/[reference]`,
        pattern: new RegExp(`^/api/([^/]+)/${collection}/reference/([^/]+)$`),
        handlers: createLegacyRelatedObjectHandlers(getDeps, kind),
        params: byReference,
      },
      {
        file: `api/[version]/${collection}/[id]`,
        pattern: new RegExp(`^/api/([^/]+)/${collection}/([^/]+)$`),
        handlers: createLegacyRelatedObjectHandlers(getDeps, kind),
        params: byId,
      },
    ]),
  ];

  async function request(path: string, { method = "GET", headers = {}, body }: LegacyRequest = {}): Promise<Response> {
    const url = new URL(path, PUBLIC_BASE_URL);
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const handler = route.handlers[method];
      if (!handler) throw new Error(`${route.file}/route.ts exports no ${method}`);
      const init = { method, headers, body: method === "GET" ? undefined : body, duplex: "half" } as RequestInit;
      return handler(new Request(url, init), { params: Promise.resolve(route.params(match)) as Promise<never> });
    }
    throw new Error(`no legacy route serves ${path}`);
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
