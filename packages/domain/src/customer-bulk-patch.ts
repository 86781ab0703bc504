/**
 * What a bulk edit from the customer list may set on many customers at once:
 * hold, classification, payment types, activity and region. Fields that name
 * one customer (its reference, address, parent) have no value shared by many.
 * The same rules and texts as `CustomerPatch`; a field outside these is
 * refused rather than dropped, so that the preview never hides a change.
 */
import { z } from "zod";

import { CustomerPatch } from "./customer-patch";

export const customerBulkEditFields = [
  "onHold",
  "onHoldReason",
  "categoryId",
  "customerSegmentationId",
  "paymentTypes",
  "isActive",
  "regionId",
] as const;

export type CustomerBulkEditField = (typeof customerBulkEditFields)[number];

const { shape } = CustomerPatch;

// From the shape: zod refuses `.pick()` on `CustomerPatch` itself, whose
// refinement (the due-date pair) concerns fields a bulk edit does not set.
export const CustomerBulkPatch = z.strictObject({
  onHold: shape.onHold,
  onHoldReason: shape.onHoldReason,
  categoryId: shape.categoryId,
  customerSegmentationId: shape.customerSegmentationId,
  paymentTypes: shape.paymentTypes,
  isActive: shape.isActive,
  regionId: shape.regionId,
} satisfies Record<CustomerBulkEditField, unknown>);

export type CustomerBulkPatch = z.output<typeof CustomerBulkPatch>;
