/**
 * The update rules of SPEC §3 that need the stored customer: the parent
 * hierarchy, `billWithParent`, the organization's currencies and region level,
 * and `isSameAddress`. Pure: the service loads the customer and resolves the
 * patch's references first (an unknown reference is already a 404 there),
 * then writes what this returns.
 */
import { type CustomerRecord, type OrganizationSettings } from "./customer";
import {
  customerFieldNames,
  customerFields,
  type CustomerWritableFields,
  recordKeyOf,
  shippingFromBilling,
} from "./customer-fields";
import { type CustomerPatch, customerPatchFieldNames } from "./customer-patch";
import { errors } from "./errors";

/** The patch's references as the service found them in the organization. */
export interface ResolvedReferences {
  /** Set when `patch.categoryId !== undefined` (null already resolved to the root category by the caller). */
  category?: { id: number };
  /** Set when `patch.parentCustomerId !== undefined`; `ancestorIds`: the ids above the proposed parent (its parent, grand-parent...). */
  parentCustomer?: { id: number; ancestorIds: number[] } | null;
  customerSegmentation?: { id: number } | null;
  /** From `patch.userId`. */
  createdBy?: { id: number } | null;
  /** From `patch.regionId`, only resolved when geographic locations are on. */
  region?: { id: number; level: number } | null;
}

/** The patch's fields that the update writes as they are (`apply: "copy"` in the field table), with their record keys. */
const copiedFields = customerPatchFieldNames
  .filter((param) => customerFields[param].apply === "copy")
  .map((param) => [param, recordKeyOf(param)] as const);

function resolvedOrFail<T>(value: T | undefined, param: string): T {
  // A programming error of the caller, not a request error: it resolves what the patch names, or answers 404 itself.
  if (value === undefined) throw new Error(`applyCustomerPatch: ${param} was given but not resolved`);
  return value;
}

function assertParentIsNotItself(customerId: number, parent: { id: number } | null) {
  if (parent?.id === customerId) throw errors.subCustomerOfItself();
}

function assertParentIsNotADescendant(customerId: number, parent: { ancestorIds: number[] } | null) {
  // The customer above its proposed parent means the parent is below the customer: a cycle.
  if (parent?.ancestorIds.includes(customerId)) throw errors.subCustomerOfOwnSubCustomer();
}

function assertCurrencyIsConfigured(currency: string, organization: OrganizationSettings) {
  if (!organization.currencies.includes(currency)) {
    throw errors.invalidParam(
      "currency",
      `The currency ${currency} is not configured for the organization (${organization.currencies.join(", ")}).`,
    );
  }
}

function assertRegionLevel(region: { level: number }, organization: OrganizationSettings) {
  // Level 1 is a country, 2 a state...: "at the configured level or below" is a level number at least as large.
  if (region.level < organization.regionLevel) {
    throw errors.invalidParam(
      "regionId",
      `The region must be at the organization's region level (${organization.regionLevel}) or below; this one is at level ${region.level}.`,
    );
  }
}

/** The customer after the patch, or the AppError of the first rule it breaks. */
export function applyCustomerPatch(args: {
  current: CustomerRecord;
  patch: CustomerPatch;
  resolved: ResolvedReferences;
  organization: OrganizationSettings;
}): CustomerRecord {
  const { current, patch, resolved, organization } = args;
  const next: CustomerRecord = { ...current, paymentTypeIds: [...current.paymentTypeIds] };

  for (const [param, recordKey] of copiedFields) {
    const value = patch[param];
    if (value !== undefined) Object.assign(next, { [recordKey]: Array.isArray(value) ? [...value] : value });
  }

  // Parent hierarchy.
  let parentCustomerId = current.parentCustomerId;
  if (patch.parentCustomerId !== undefined) {
    const parent = patch.parentCustomerId === null ? null : resolvedOrFail(resolved.parentCustomer ?? undefined, "parentCustomerId");
    assertParentIsNotItself(current.id, parent);
    assertParentIsNotADescendant(current.id, parent);
    parentCustomerId = parent?.id ?? null;
  }
  const isSubCustomer =
    patch.isSubCustomer ?? (patch.parentCustomerId !== undefined ? parentCustomerId !== null : current.isSubCustomer);
  if (isSubCustomer && parentCustomerId === null) throw errors.missingParam("parentCustomerId");
  next.isSubCustomer = isSubCustomer;
  next.parentCustomerId = isSubCustomer ? parentCustomerId : null;
  if (!isSubCustomer) {
    if (patch.billWithParent === true) {
      throw errors.invalidParam("billWithParent", "billWithParent can only be true for a sub-customer (isSubCustomer=true).");
    }
    next.billWithParent = false;
  } else if (patch.billWithParent !== undefined) {
    next.billWithParent = patch.billWithParent;
  }

  if (patch.currency !== undefined) {
    if (patch.currency === null) {
      next.currency = organization.defaultCurrency;
    } else {
      assertCurrencyIsConfigured(patch.currency, organization);
      next.currency = patch.currency;
    }
  }

  // Without geographic locations the page ignores regionId altogether, even a wrong one.
  if (organization.geoLocationsEnabled && patch.regionId !== undefined) {
    if (patch.regionId === null) {
      next.regionId = null;
    } else {
      const region = resolvedOrFail(resolved.region ?? undefined, "regionId");
      assertRegionLevel(region, organization);
      next.regionId = region.id;
    }
  }

  if (patch.categoryId !== undefined) next.categoryId = resolvedOrFail(resolved.category, "categoryId").id;
  if (patch.customerSegmentationId !== undefined) {
    next.customerSegmentationId =
      patch.customerSegmentationId === null
        ? null
        : resolvedOrFail(resolved.customerSegmentation ?? undefined, "customerSegmentationId").id;
  }
  if (patch.userId !== undefined) {
    next.createdByUserId = patch.userId === null ? null : resolvedOrFail(resolved.createdBy ?? undefined, "userId").id;
  }

  // Whatever the request said for shipping: the stored shipping address must read as the billing one.
  if (next.isSameAddress) {
    for (const [shipping, billing] of shippingFromBilling) Object.assign(next, { [shipping]: next[billing] });
  }

  return next;
}

/** One changed field for the change history, in the contract's parameter names. */
export interface FieldChange {
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

function historyValue(value: CustomerWritableFields[keyof CustomerWritableFields]): string | null {
  if (value === null) return null;
  // An empty set reads as "none" in the history, like a cleared field.
  if (Array.isArray(value)) return value.length === 0 ? null : value.join(",");
  return String(value);
}

/** The changes between two states of a customer, one entry per changed field, in the order of the page's parameter table. */
export function diffCustomerFields(before: CustomerWritableFields, after: CustomerWritableFields): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const param of customerFieldNames) {
    const recordKey = recordKeyOf(param);
    const oldValue = historyValue(before[recordKey]);
    const newValue = historyValue(after[recordKey]);
    // the history names the picture by what it stores, as the legacy history does
    if (oldValue !== newValue) changes.push({ field: param === "imageFile" ? "logo" : param, oldValue, newValue });
  }
  return changes;
}
