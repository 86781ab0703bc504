/**
 * Finding the objects a customer links to from a legacy path: `/{collection}/{id}`
 * or `/{collection}/reference/{reference}`. Not found, another organization's
 * object and a path id that cannot be one all get the same 404, in the words
 * the update uses for an unknown reference ("The region with the id 9 doesn't exist.").
 */
import { AppError, errors, isStorableText, type LegacyResource } from "@cr/domain";
import type { ObjectLookup } from "@cr/db/repositories";

export type RelatedObjectKind = Exclude<LegacyResource, "customer">;

/** How the contract's error texts name each kind of object. */
export const relatedObjectLabels: Record<RelatedObjectKind, string> = {
  customerCategory: "customer category",
  customerSegmentation: "customer segmentation",
  paymentType: "payment type",
  region: "region",
  user: "user",
};

export function objectNotFound(kind: RelatedObjectKind, lookup: ObjectLookup): AppError {
  const label = relatedObjectLabels[kind];
  return "id" in lookup
    ? errors.notFound(label, lookup.id)
    : new AppError("not_found", `The ${label} with the reference ${lookup.reference} doesn't exist.`);
}

export function objectLookupFromPath(kind: RelatedObjectKind, segment: { id: string } | { reference: string }): ObjectLookup {
  if ("reference" in segment) {
    // as for a customer's reference: U+0000 cannot be stored, so it is a wrong type rather than a 500
    if (!isStorableText(segment.reference)) throw errors.invalidParamType("reference");
    return { reference: segment.reference };
  }
  // ids are PostgreSQL integers: more digits cannot name a row
  if (!/^\d{1,9}$/.test(segment.id)) throw errors.notFound(relatedObjectLabels[kind], segment.id);
  return { id: Number(segment.id) };
}
