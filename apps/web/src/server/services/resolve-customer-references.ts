/**
 * Turns the references of a patch (by id or by `reference`) into the stored
 * objects, inside the organization. Unknown ones are the contract's 404s.
 */
import type { CustomerPatch, CustomerView, ResolvedReferences } from "@cr/domain";
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

export async function resolveCustomerReferences(
  db: Database,
  organization: Organization,
  patch: CustomerPatch,
): Promise<{ resolved: ResolvedReferences; named: NamedObjects }> {
  const organizationId = organization.id;
  const resolved: ResolvedReferences = {};
  const named: NamedObjects = {};

  if (patch.categoryId !== undefined) {
    const category =
      patch.categoryId === null
        ? await findRootCategory(db, organizationId)
        : await findCustomerCategoryView(db, { organizationId, lookup: lookupOfRef(patch.categoryId) });
    if (!category) throw errors.notFound("customer category", patch.categoryId ?? "root", "categoryId");
    resolved.category = { id: category.id };
    named.category = { id: category.id, reference: category.reference, name: category.name };
  }

  if (patch.parentCustomerId !== undefined) {
    if (patch.parentCustomerId === null) {
      resolved.parentCustomer = null;
    } else {
      const parent = await findCustomerRef(db, organizationId, patch.parentCustomerId);
      if (!parent) throw errors.notFound("parent customer", patch.parentCustomerId, "parentCustomerId");
      named.parentCustomer = parent;
      resolved.parentCustomer = {
        id: parent.id,
        ancestorIds: await findAncestorIds(db, { organizationId, customerId: parent.id }),
      };
    }
  }

  if (patch.customerSegmentationId !== undefined) {
    if (patch.customerSegmentationId === null) {
      resolved.customerSegmentation = null;
    } else {
      const segmentation = await findCustomerSegmentationView(db, {
        organizationId,
        lookup: lookupOfRef(patch.customerSegmentationId),
      });
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
      const user = await findUserView(db, { organizationId, lookup: lookupOfRef(patch.userId) });
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
      const region = await findRegionView(db, { organizationId, lookup: { id: patch.regionId } });
      if (!region) throw errors.notFound("region", patch.regionId, "regionId");
      resolved.region = { id: region.id, level: region.level };
      named.region = { id: region.id, name: region.name };
    }
  }

  if (patch.paymentTypes !== undefined) {
    const found = await findPaymentTypes(db, organizationId, patch.paymentTypes);
    const foundIds = new Set(found.map((type) => type.id));
    const missing = patch.paymentTypes.find((id) => !foundIds.has(id));
    if (missing !== undefined) throw errors.notFound("payment type", missing, "paymentTypes");
    named.paymentTypes = found;
  }

  return { resolved, named };
}
