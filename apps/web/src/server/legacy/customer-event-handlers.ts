/**
 * `GET /api/v2.1/events?after=<cursor>&max=<1..500>`: the change feed, for
 * integrations that poll. `{"data": [events, oldest first], "cursor": "..."}`;
 * a reader sends each answer's `cursor` as the next `after`.
 */
import { decodeEventFeedQuery, encodeEventCursor, errors, type LegacyApiVersion } from "@cr/domain";

import type { ServerDeps } from "../deps";
import { listCustomerEvents } from "../services/list-customer-events";
import { legacyJson } from "./legacy-response";
import { legacyApiRoute, methodNotAllowed } from "./legacy-route";

const EVENTS_ROUTE = "/api/{version}/events";

/** The API version that introduced the feed. */
const EVENTS_API_VERSION: LegacyApiVersion = "v2.1";

export function createCustomerEventHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    GET: legacyApiRoute<{ version: string }>(getDeps, EVENTS_ROUTE, async ({ deps, user, apiVersion, query }) => {
      if (apiVersion !== EVENTS_API_VERSION) throw errors.notFound("resource", "events");
      const page = await listCustomerEvents({ deps, actor: user, query: decodeEventFeedQuery(query) });
      return legacyJson({ data: page.events, cursor: encodeEventCursor(page.position) });
    }),
    POST: methodNotAllowed("GET", EVENTS_ROUTE),
    PUT: methodNotAllowed("GET", EVENTS_ROUTE),
    PATCH: methodNotAllowed("GET", EVENTS_ROUTE),
    DELETE: methodNotAllowed("GET", EVENTS_ROUTE),
  };
}
