/**
 * Every path of the legacy API (SPEC §1-§4) and the handlers that serve it,
 * built once by the handler factories. Two servers read this table:
 *
 * - the route files under `src/app` export their entry, so `next dev`, and
 *   `next start`'s router as the fallback, serve these functions;
 * - the production server (`server.ts`, `server/http/legacy-door.ts`) calls
 *   the same functions on `node:http`, without Next's work per request.
 *
 * Each legacy route thus has one implementation. The keys are the route
 * folders under `src/app`, and the paths are matched from them the way Next
 * matches the folders (a test checks that both name the same routes).
 */
import { getServerDeps, type ServerDeps } from "../deps";
import { createLegacyCustomerBatchHandlers } from "./customer-batch-handlers";
import { createCustomerEventHandlers } from "./customer-event-handlers";
import { createLegacyCustomerExportHandlers } from "./customer-export-handlers";
import { createLegacyCustomerHandlers } from "./customer-handlers";
import { createLegacyCustomerHistoryHandlers } from "./customer-history-handlers";
import { createLegacyCustomerListHandlers } from "./customer-list-handlers";
import { createLoginHandlers } from "./login-handler";
import { createLegacyRelatedObjectHandlers } from "./related-object-handlers";
import {
  createWebhookCollectionHandlers,
  createWebhookDeliveryHandlers,
  createWebhookEnableHandlers,
  createWebhookEndpointHandlers,
  createWebhookRetryHandlers,
  createWebhookTestHandlers,
} from "./webhook-handlers";

export const legacyMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type LegacyMethod = (typeof legacyMethods)[number];

/** A route handler as Next calls it: each factory types its own params, all of them strings by name. */
export type LegacyHandler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
export type LegacyRouteHandlers = Partial<Record<LegacyMethod, LegacyHandler>>;

type ById = { version: string; id: string };
type ByReference = { version: string; reference: string };

export function createLegacyRouteHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    j_spring_security_check: createLoginHandlers(getDeps),
    "api/[version]/customers": createLegacyCustomerListHandlers(getDeps),
    "api/[version]/customers/batch": createLegacyCustomerBatchHandlers(getDeps),
    "api/[version]/customers.csv": createLegacyCustomerExportHandlers(getDeps),
    "api/[version]/events": createCustomerEventHandlers(getDeps),
    "api/[version]/customers/[id]": createLegacyCustomerHandlers<ById>(getDeps),
    "api/[version]/customers/reference/[reference]": createLegacyCustomerHandlers<ByReference>(getDeps),
    "api/[version]/customers/[id]/history": createLegacyCustomerHistoryHandlers<ById>(getDeps),
    "api/[version]/customers/reference/[reference]/history": createLegacyCustomerHistoryHandlers<ByReference>(getDeps),
    "api/[version]/customerCategories/[id]": createLegacyRelatedObjectHandlers<ById>(getDeps, "customerCategory"),
    "api/[version]/customerCategories/reference/[reference]": createLegacyRelatedObjectHandlers<ByReference>(
      getDeps,
      "customerCategory",
    ),
    "api/[version]/customerSegmentations/[id]": createLegacyRelatedObjectHandlers<ById>(getDeps, "customerSegmentation"),
    "api/[version]/customerSegmentations/reference/[reference]": createLegacyRelatedObjectHandlers<ByReference>(
      getDeps,
      "customerSegmentation",
    ),
    "api/[version]/paymentTypes/[id]": createLegacyRelatedObjectHandlers<ById>(getDeps, "paymentType"),
    "api/[version]/paymentTypes/reference/[reference]": createLegacyRelatedObjectHandlers<ByReference>(getDeps, "paymentType"),
    "api/[version]/regions/[id]": createLegacyRelatedObjectHandlers<ById>(getDeps, "region"),
    "api/[version]/regions/reference/[reference]": createLegacyRelatedObjectHandlers<ByReference>(getDeps, "region"),
    "api/[version]/users/[id]": createLegacyRelatedObjectHandlers<ById>(getDeps, "user"),
    "api/[version]/users/reference/[reference]": createLegacyRelatedObjectHandlers<ByReference>(getDeps, "user"),
    "api/[version]/webhooks": createWebhookCollectionHandlers(getDeps),
    "api/[version]/webhooks/[id]": createWebhookEndpointHandlers(getDeps),
    "api/[version]/webhooks/[id]/enable": createWebhookEnableHandlers(getDeps, true),
    "api/[version]/webhooks/[id]/disable": createWebhookEnableHandlers(getDeps, false),
    "api/[version]/webhooks/[id]/test": createWebhookTestHandlers(getDeps),
    "api/[version]/webhooks/[id]/deliveries": createWebhookDeliveryHandlers(getDeps),
    "api/[version]/webhooks/[id]/deliveries/[deliveryId]/retry": createWebhookRetryHandlers(getDeps),
  } satisfies Record<string, LegacyRouteHandlers>;
}

export type LegacyRouteFile = keyof ReturnType<typeof createLegacyRouteHandlers>;

/** The production table, on the process's one set of deps (see `deps.ts`). */
export const legacyRouteHandlers = createLegacyRouteHandlers(getServerDeps);

export interface LegacyRouteMatch {
  /** The route folder under `src/app`. */
  file: string;
  handlers: LegacyRouteHandlers;
  /** The dynamic segments, decoded as Next decodes them. */
  params: Record<string, string>;
}

export interface LegacyRouter {
  /**
   * The route of a path (without its query), or undefined: no route, or a
   * segment that does not decode (Next answers those itself).
   */
  match(pathname: string): LegacyRouteMatch | undefined;
}

interface CompiledRoute {
  file: string;
  handlers: LegacyRouteHandlers;
  /** A static segment's text, or the name of a dynamic one. */
  segments: ({ text: string } | { param: string })[];
}

/**
 * Paths matched the way Next matches route folders: segment by segment, a
 * static segment before a dynamic one at the same place (`customers/reference`
 * is not a customer id when a folder `reference` has a route below it).
 */
export function createLegacyRouter(table: Record<string, LegacyRouteHandlers>): LegacyRouter {
  const routes: CompiledRoute[] = Object.entries(table).map(([file, handlers]) => ({
    file,
    handlers,
    segments: file.split("/").map((segment) => {
      const dynamic = /^\[(\w+)\]$/.exec(segment);
      return dynamic ? { param: dynamic[1]! } : { text: segment };
    }),
  }));
  const rank = (route: CompiledRoute) => route.segments.map((segment) => ("text" in segment ? "0" : "1")).join("");
  routes.sort((a, b) => rank(a).localeCompare(rank(b)));

  return {
    match(pathname) {
      if (!pathname.startsWith("/")) return undefined;
      const parts = pathname.slice(1).split("/");
      for (const route of routes) {
        if (route.segments.length !== parts.length) continue;
        const params: Record<string, string> = {};
        let matches = true;
        for (let index = 0; index < parts.length && matches; index++) {
          const segment = route.segments[index]!;
          const part = parts[index]!;
          if ("text" in segment) matches = part === segment.text;
          else if (part === "") matches = false;
          else {
            try {
              params[segment.param] = decodeURIComponent(part);
            } catch {
              return undefined;
            }
          }
        }
        if (matches) return { file: route.file, handlers: route.handlers, params };
      }
      return undefined;
    },
  };
}
