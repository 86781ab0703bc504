/**
 * `GET /api/{version}/customers`: the seed system's customer list. Thin:
 * decode the query, call the service, answer `{paging, data}` where each item
 * is exactly the customer of the show answer.
 */
import { decodeLegacyCustomerListQuery, legacyPagingOffsets, toLegacyCustomerJson } from "@cr/domain";

import type { ServerDeps } from "../deps";
import { listCustomerViews } from "../services/list-customer-views";
import { legacyJson } from "./legacy-response";
import { legacyApiRoute, methodNotAllowed } from "./legacy-route";

/**
 * The request's own path and query with another offset, relative like the
 * `href`s, so that a client behind a proxy follows it on the host it called.
 * (The customer history pages the same way.)
 */
export function pageLink(url: URL, offset: number | null): string | null {
  if (offset === null) return null;
  const query = new URLSearchParams(url.searchParams);
  query.set("offset", String(offset));
  return `${url.pathname}?${query.toString()}`;
}

const CUSTOMER_LIST_ROUTE = "/api/{version}/customers";

export function createLegacyCustomerListHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    GET: legacyApiRoute<{ version: string }>(getDeps, CUSTOMER_LIST_ROUTE, async ({ request, deps, user, apiVersion, query: searchParams }) => {
      const url = new URL(request.url);
      const query = decodeLegacyCustomerListQuery(searchParams);
      const { total, customers } = await listCustomerViews({ deps, actor: user, query });
      const { previous, next } = legacyPagingOffsets({ total, max: query.max, offset: query.offset });
      return legacyJson({
        paging: {
          total,
          max: query.max,
          offset: query.offset,
          previous: pageLink(url, previous),
          next: pageLink(url, next),
        },
        data: customers.map((customer) => toLegacyCustomerJson(customer, { apiVersion, baseUrl: deps.config.publicBaseUrl })),
      });
    }),
    // creating customers is not part of this API
    POST: methodNotAllowed("GET", CUSTOMER_LIST_ROUTE),
    PUT: methodNotAllowed("GET", CUSTOMER_LIST_ROUTE),
    PATCH: methodNotAllowed("GET", CUSTOMER_LIST_ROUTE),
    DELETE: methodNotAllowed("GET", CUSTOMER_LIST_ROUTE),
  };
}
