/**
 * GET of the objects a customer answer links to (`customerCategory.href`,
 * `customerSegmentation.href`, `createdBy.href`, `paymentTypes[].href`,
 * `region.href`), by internal id or by reference, with the customer's
 * version prefix, authentication, organization scoping and error format.
 * Read-only: every other method is 405.
 */
import {
  type LegacyApiVersion,
  legacyResourcePaths,
  toLegacyCustomerCategoryJson,
  toLegacyCustomerSegmentationJson,
  toLegacyPaymentTypeJson,
  toLegacyRegionJson,
  toLegacyUserJson,
} from "@cr/domain";

import type { ServerDeps } from "../deps";
import { getRelatedObject, type RelatedObjectView } from "../services/get-related-object";
import { objectLookupFromPath, type RelatedObjectKind } from "../services/object-lookup";
import { legacyJson } from "./legacy-response";
import { byIdOrReference, legacyApiRoute, methodNotAllowed } from "./legacy-route";

export type RelatedObjectPathParams = { version: string } & ({ id: string } | { reference: string });

const toJsonByKind: { [Kind in RelatedObjectKind]: (view: RelatedObjectView<Kind>, options: { apiVersion: LegacyApiVersion }) => unknown } = {
  customerCategory: toLegacyCustomerCategoryJson,
  customerSegmentation: toLegacyCustomerSegmentationJson,
  paymentType: toLegacyPaymentTypeJson,
  region: toLegacyRegionJson,
  user: toLegacyUserJson,
};

export function createLegacyRelatedObjectHandlers<Params extends RelatedObjectPathParams>(
  getDeps: () => Promise<ServerDeps>,
  kind: RelatedObjectKind,
) {
  const route = byIdOrReference(legacyResourcePaths[kind]);
  return {
    GET: legacyApiRoute<Params>(getDeps, route, async ({ params, deps, user, apiVersion }) => {
      const lookup = objectLookupFromPath(kind, "reference" in params ? { reference: params.reference } : { id: params.id });
      const view = await getRelatedObject({ deps, actor: user, kind, lookup });
      const toJson = toJsonByKind[kind] as (view: unknown, options: { apiVersion: LegacyApiVersion }) => unknown;
      return legacyJson(toJson(view, { apiVersion }));
    }),
    POST: methodNotAllowed("GET", route),
    PUT: methodNotAllowed("GET", route),
    PATCH: methodNotAllowed("GET", route),
    DELETE: methodNotAllowed("GET", route),
  };
}
