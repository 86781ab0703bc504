/**
 * The JSON of the objects that a customer answer links to: what a client
 * finds behind `customerCategory.href`, `createdBy.href`, `region.href`...
 * Each shows its own `href`, and the parent of a tree node links to its own
 * object, so a client can walk up the tree.
 */
import type { NamedRef } from "./customer";
import { type LegacyApiVersion, legacyHref, type LegacyResource } from "./legacy-json";
import type {
  CustomerCategoryView,
  CustomerSegmentationView,
  PaymentTypeView,
  RegionView,
  UserView,
} from "./related-objects";

type VersionOption = { apiVersion: LegacyApiVersion };

function namedRefJson(ref: NamedRef, resource: LegacyResource, apiVersion: LegacyApiVersion) {
  return { id: ref.id, reference: ref.reference, name: ref.name, href: legacyHref(apiVersion, resource, ref.id) };
}

export function toLegacyCustomerCategoryJson(category: CustomerCategoryView, { apiVersion }: VersionOption) {
  return {
    id: category.id,
    reference: category.reference,
    name: category.name,
    parent: category.parent ? namedRefJson(category.parent, "customerCategory", apiVersion) : null,
    href: legacyHref(apiVersion, "customerCategory", category.id),
  };
}

export function toLegacyCustomerSegmentationJson(segmentation: CustomerSegmentationView, { apiVersion }: VersionOption) {
  return namedRefJson(segmentation, "customerSegmentation", apiVersion);
}

export function toLegacyPaymentTypeJson(paymentType: PaymentTypeView, { apiVersion }: VersionOption) {
  return namedRefJson(paymentType, "paymentType", apiVersion);
}

export function toLegacyRegionJson(region: RegionView, { apiVersion }: VersionOption) {
  return {
    id: region.id,
    reference: region.reference,
    name: region.name,
    level: region.level,
    parent: region.parent ? namedRefJson(region.parent, "region", apiVersion) : null,
    href: legacyHref(apiVersion, "region", region.id),
  };
}

export function toLegacyUserJson(user: UserView, { apiVersion }: VersionOption) {
  return {
    id: user.id,
    reference: user.reference,
    email: user.email,
    name: user.name,
    href: legacyHref(apiVersion, "user", user.id),
  };
}
