/**
 * `GET /api/{version}/customers/{id}/history` and
 * `.../customers/reference/{reference}/history` (SPEC §5): the customer's
 * change history, newest first, paged with `max` and `offset` exactly as the
 * customer list is, answered as `{paging, data}` like the list. Thin: decode
 * the query, call the service, map the answer.
 */
import { decodeLegacyCustomerHistoryQuery, legacyPagingOffsets, toLegacyCustomerChangeJson } from "@cr/domain";

import type { ServerDeps } from "../deps";
import { customerLookupFromPath } from "../services/customer-lookup";
import { getCustomerHistoryPage } from "../services/get-customer-history-page";
import { pageLink } from "./customer-list-handlers";
import { legacyJson } from "./legacy-response";
import { byIdOrReference, legacyApiRoute, methodNotAllowed } from "./legacy-route";

type CustomerPathParams = { version: string } & ({ id: string } | { reference: string });

export function createLegacyCustomerHistoryHandlers<Params extends CustomerPathParams>(getDeps: () => Promise<ServerDeps>) {
  const route = byIdOrReference("customers", "/history");
  return {
    GET: legacyApiRoute<Params>(getDeps, route, async ({ request, params, deps, user, apiVersion, query }) => {
      const lookup = customerLookupFromPath("reference" in params ? { reference: params.reference } : { id: params.id });
      const url = new URL(request.url);
      const { max, offset } = decodeLegacyCustomerHistoryQuery(query);
      const { total, changes } = await getCustomerHistoryPage({ deps, actor: user, lookup, max, offset });
      const { previous, next } = legacyPagingOffsets({ total, max, offset });
      return legacyJson({
        paging: { total, max, offset, previous: pageLink(url, previous), next: pageLink(url, next) },
        data: changes.map((change) => toLegacyCustomerChangeJson(change, { apiVersion })),
      });
    }),
    // the history is written by the updates only
    POST: methodNotAllowed("GET", route),
    PUT: methodNotAllowed("GET", route),
    PATCH: methodNotAllowed("GET", route),
    DELETE: methodNotAllowed("GET", route),
  };
}
