/**
 * Turns the references of a patch (by id or by `reference`) into the stored
 * objects, inside the organization. Unknown ones are the contract's 404s.
 */
import type { CustomerPatch, CustomerView, EntityRef, NamedRef, ResolvedReferences } from "@cr/domain";
import { errors } from "@cr/domain";
import type { Database } from "@cr/db/client";
import {
  findAncestorIds,
  findCustomerCategoryView,
  findCustomerRef,
  findCustomerSegmentationView,
  findPaymentTypes,
  findRegionView,
  findRootCategory,
  findUserView,
  lookupOfRef,
  type Organization,
} from "@cr/db/repositories";

/** The objects a patch names, as a customer's answer shows them (built without reading the customer again). */
export type NamedObjects = Partial<
  Pick<CustomerView, "category" | "customerSegmentation" | "createdBy" | "paymentTypes" | "region"> & {
    parentCustomer: CustomerView["parentCustomer"];
  }
>;

/** How the references of a patch are found: in the database, or among objects a caller loaded in bulk. */
export interface ReferenceFinder {
  rootCategory(): Promise<NamedRef | undefined>;
  category(ref: EntityRef): Promise<NamedRef | undefined>;
  customer(ref: EntityRef): Promise<NamedRef | undefined>;
  ancestorIds(customerId: number): Promise<number[]>;
  segmentation(ref: EntityRef): Promise<NamedRef | undefined>;
  user(ref: EntityRef): Promise<{ id: number; reference: string } | undefined>;
  region(id: number): Promise<{ id: number; name: string; level: number } | undefined>;
  /** The organization's payment types among `ids`, by id. */
  paymentTypes(ids: number[]): Promise<NamedRef[]>;
}

export function databaseReferenceFinder(db: Database, organizationId: number): ReferenceFinder {
  return {
    rootCategory: () => findRootCategory(db, organizationId),
    category: (ref) => findCustomerCategoryView(db, { organizationId, lookup: lookupOfRef(ref) }),
    customer: (ref) => findCustomerRef(db, organizationId, ref),
    ancestorIds: (customerId) => findAncestorIds(db, { organizationId, customerId }),
    segmentation: (ref) => findCustomerSegmentationView(db, { organizationId, lookup: lookupOfRef(ref) }),
    user: (ref) => findUserView(db, { organizationId, lookup: lookupOfRef(ref) }),
    region: (id) => findRegionView(db, { organizationId, lookup: { id } }),
    paymentTypes: (ids) => findPaymentTypes(db, organizationId, ids),
  };
}

export async function resolveCustomerReferences(
  db: Database,
  organization: Organization,
  patch: CustomerPatch,
): Promise<{ resolved: ResolvedReferences; named: NamedObjects }> {
  return resolveCustomerReferencesWith(databaseReferenceFinder(db, organization.id), organization, patch);
}

/** The same resolution, its order and its 404s, with the objects found by `find`. */
export async function resolveCustomerReferencesWith(
  find: ReferenceFinder,
  organization: Organization,
  patch: CustomerPatch,
): Promise<{ resolved: ResolvedReferences; named: NamedObjects }> {
  const resolved: ResolvedReferences = {};
  const named: NamedObjects = {};

  if (patch.categoryId !== undefined) {
    const category = patch.categoryId === null ? await find.rootCategory() : await find.category(patch.categoryId);
    if (!category) throw errors.notFound("customer category", patch.categoryId ?? "root", "categoryId");
    resolved.category = { id: category.id };
    named.category = { id: category.id, reference: category.reference, name: category.name };
  }

  if (patch.parentCustomerId !== undefined) {
    if (patch.parentCustomerId === null) {
      resolved.parentCustomer = null;
    } else {
      const parent = await find.customer(patch.parentCustomerId);
      if (!parent) throw errors.notFound("parent customer", patch.parentCustomerId, "parentCustomerId");
      named.parentCustomer = parent;
      resolved.parentCustomer = { id: parent.id, ancestorIds: await find.ancestorIds(parent.id) };
    }
  }

  if (patch.customerSegmentationId !== undefined) {
    if (patch.customerSegmentationId === null) {
      resolved.customerSegmentation = null;
    } else {
      const segmentation = await find.segmentation(patch.customerSegmentationId);
      if (!segmentation) {
        throw errors.notFound("customer segmentation", patch.customerSegmentationId, "customerSegmentationId");
      }
      resolved.customerSegmentation = { id: segmentation.id };
      named.customerSegmentation = { id: segmentation.id, reference: segmentation.reference, name: segmentation.name };
    }
  }

  if (patch.userId !== undefined) {
    if (patch.userId === null) {
      resolved.createdBy = null;
    } else {
      const user = await find.user(patch.userId);
      if (!user) throw errors.notFound("user", patch.userId, "userId");
      resolved.createdBy = { id: user.id };
      named.createdBy = { id: user.id, reference: user.reference };
    }
  }

  // Regions mean nothing to an organization without geographic locations:
  // the contract ignores the parameter there rather than refusing it.
  if (patch.regionId !== undefined && organization.geoLocationsEnabled) {
    if (patch.regionId === null) {
      resolved.region = null;
    } else {
      const region = await find.region(patch.regionId);
      if (!region) throw errors.notFound("region", patch.regionId, "regionId");
      resolved.region = { id: region.id, level: region.level };
      named.region = { id: region.id, name: region.name };
    }
  }

  if (patch.paymentTypes !== undefined) {
    const found = await find.paymentTypes(patch.paymentTypes);
    const foundIds = new Set(found.map((type) => type.id));
    const missing = patch.paymentTypes.find((id) => !foundIds.has(id));
    if (missing !== undefined) throw errors.notFound("payment type", missing, "paymentTypes");
    named.paymentTypes = found;
  }

  return { resolved, named };
}
