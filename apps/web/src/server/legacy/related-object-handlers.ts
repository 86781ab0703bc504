/**
 * GET of the objects a customer answer links to (`customerCategory.href`,
 * `customerSegmentation.href`, `createdBy.href`, `paymentTypes[].href`,
 * `region.href`), by internal id or by reference, with the customer's
 * version prefix, authentication, organization scoping and error format.
 * Read-only: every other method is 405.
 */
import {
  type LegacyApiVersion,
  toLegacyCustomerCategoryJson,
  toLegacyCustomerSegmentationJson,
  toLegacyPaymentTypeJson,
  toLegacyRegionJson,
  toLegacyUserJson,
} from "@cr/domain";
import type { AuthenticatedUser, ObjectLookup } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { getCustomerCategory } from "../services/get-customer-category";
import { getCustomerSegmentation } from "../services/get-customer-segmentation";
import { getPaymentType } from "../services/get-payment-type";
import { getRegion } from "../services/get-region";
import { getUser } from "../services/get-user";
import { objectLookupFromPath, type RelatedObjectKind } from "../services/object-lookup";
import { legacyJson } from "./legacy-response";
import { legacyApiRoute, methodNotAllowed } from "./legacy-route";

export type RelatedObjectPathParams = { version: string } & ({ id: string } | { reference: string });

interface RelatedObjectReader<View> {
  kind: RelatedObjectKind;
  load: (options: { deps: ServerDeps; actor: AuthenticatedUser; lookup: ObjectLookup }) => Promise<View>;
  toJson: (view: View, options: { apiVersion: LegacyApiVersion }) => unknown;
}

function createRelatedObjectHandlers<Params extends RelatedObjectPathParams, View>(
  getDeps: () => Promise<ServerDeps>,
  reader: RelatedObjectReader<View>,
) {
  return {
    GET: legacyApiRoute<Params>(getDeps, async ({ params, deps, user, apiVersion }) => {
      const lookup = objectLookupFromPath(reader.kind, "reference" in params ? { reference: params.reference } : { id: params.id });
      const view = await reader.load({ deps, actor: user, lookup });
      return legacyJson(reader.toJson(view, { apiVersion }));
    }),
    POST: methodNotAllowed("GET"),
    PUT: methodNotAllowed("GET"),
    PATCH: methodNotAllowed("GET"),
    DELETE: methodNotAllowed("GET"),
  };
}

export function createLegacyCustomerCategoryHandlers<Params extends RelatedObjectPathParams>(getDeps: () => Promise<ServerDeps>) {
  return createRelatedObjectHandlers<Params, Awaited<ReturnType<typeof getCustomerCategory>>>(getDeps, {
    kind: "customerCategory",
    load: getCustomerCategory,
    toJson: toLegacyCustomerCategoryJson,
  });
}

export function createLegacyCustomerSegmentationHandlers<Params extends RelatedObjectPathParams>(
  getDeps: () => Promise<ServerDeps>,
) {
  return createRelatedObjectHandlers<Params, Awaited<ReturnType<typeof getCustomerSegmentation>>>(getDeps, {
    kind: "customerSegmentation",
    load: getCustomerSegmentation,
    toJson: toLegacyCustomerSegmentationJson,
  });
}

export function createLegacyPaymentTypeHandlers<Params extends RelatedObjectPathParams>(getDeps: () => Promise<ServerDeps>) {
  return createRelatedObjectHandlers<Params, Awaited<ReturnType<typeof getPaymentType>>>(getDeps, {
    kind: "paymentType",
    load: getPaymentType,
    toJson: toLegacyPaymentTypeJson,
  });
}

export function createLegacyRegionHandlers<Params extends RelatedObjectPathParams>(getDeps: () => Promise<ServerDeps>) {
  return createRelatedObjectHandlers<Params, Awaited<ReturnType<typeof getRegion>>>(getDeps, {
    kind: "region",
    load: getRegion,
    toJson: toLegacyRegionJson,
  });
}

export function createLegacyUserHandlers<Params extends RelatedObjectPathParams>(getDeps: () => Promise<ServerDeps>) {
  return createRelatedObjectHandlers<Params, Awaited<ReturnType<typeof getUser>>>(getDeps, {
    kind: "user",
    load: getUser,
    toJson: toLegacyUserJson,
  });
}
