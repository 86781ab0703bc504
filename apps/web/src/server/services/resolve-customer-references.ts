/**
 * Turns the references of a patch (by id or by `reference`) into the stored
 * objects, inside the organization. Unknown ones are the contract's 404s.
 */
import type { CustomerPatch, ResolvedReferences } from "@cr/domain";
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

export async function resolveCustomerReferences(
  db: Database,
  organization: Organization,
  patch: CustomerPatch,
): Promise<ResolvedReferences> {
  const organizationId = organization.id;
  const resolved: ResolvedReferences = {};

  if (patch.categoryId !== undefined) {
    const category =
      patch.categoryId === null
        ? await findRootCategory(db, organizationId)
        : await findCustomerCategoryView(db, { organizationId, lookup: lookupOfRef(patch.categoryId) });
    if (!category) throw errors.notFound("customer category", patch.categoryId ?? "root", "categoryId");
    resolved.category = { id: category.id };
  }

  if (patch.parentCustomerId !== undefined) {
    if (patch.parentCustomerId === null) {
      resolved.parentCustomer = null;
    } else {
      const parent = await findCustomerRef(db, organizationId, patch.parentCustomerId);
      if (!parent) throw errors.notFound("parent customer", patch.parentCustomerId, "parentCustomerId");
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
    }
  }

  if (patch.userId !== undefined) {
    if (patch.userId === null) {
      resolved.createdBy = null;
    } else {
      const user = await findUserView(db, { organizationId, lookup: lookupOfRef(patch.userId) });
      if (!user) throw errors.notFound("user", patch.userId, "userId");
      resolved.createdBy = { id: user.id };
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
    }
  }

  if (patch.paymentTypes !== undefined && patch.paymentTypes.length > 0) {
    const found = new Set((await findPaymentTypes(db, organizationId, patch.paymentTypes)).map((type) => type.id));
    const missing = patch.paymentTypes.find((id) => !found.has(id));
    if (missing !== undefined) throw errors.notFound("payment type", missing, "paymentTypes");
  }

  return resolved;
}
