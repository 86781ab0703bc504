/**
 * The domain's view of a stored customer: what the update rules read and
 * produce. It mirrors the `customers` table of `@cr/db` without knowing it.
 */

/** Fields the update contract writes (SPEC §3); history records changes to these. */
export interface CustomerWritableFields {
  reference: string;
  reference2: string | null;
  name: string;
  barcode: string | null;
  isActive: boolean;
  categoryId: number;
  isSubCustomer: boolean;
  parentCustomerId: number | null;
  billWithParent: boolean;
  customerSegmentationId: number | null;
  createdByUserId: number | null;
  isSameAddress: boolean;
  billingCountry: string | null;
  billingCity: string | null;
  billingPostalCode: string | null;
  billingAddress: string | null;
  billingLat: number | null;
  billingLng: number | null;
  country: string | null;
  city: string | null;
  postalCode: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  fax: string | null;
  comment: string | null;
  website: string | null;
  creditLimit: number | null;
  dueDateConfigNumber: number | null;
  /** 1 = days after the invoice date, 2 = days after the end of the invoice month. */
  dueDateConfigType: DueDateConfigType | null;
  taxNumber: string | null;
  companyRegistrationNumber: string | null;
  currency: string;
  regionId: number | null;
  customerRisk: string | null;
  customerRiskColor: string | null;
  onHold: boolean;
  onHoldReason: string | null;
  /** File name of the picture, or null. */
  logo: string | null;
  /** Sorted ascending, no duplicates. */
  paymentTypeIds: number[];
}

export type DueDateConfigType = 1 | 2;

export interface CustomerRecord extends CustomerWritableFields {
  id: number;
  organizationId: number;
}

/** Organization settings that the rules depend on. */
export interface OrganizationSettings {
  defaultCurrency: string;
  currencies: string[];
  geoLocationsEnabled: boolean;
  /** Customers' regions must be at this level or deeper (1 = country, 2 = state, ...). */
  regionLevel: number;
}

/** A referenced object written by id or by its `reference`: digits are an id. */
export type EntityRef = number | string;

/** A referenced object as the legacy JSON shows it. */
export interface NamedRef {
  id: number;
  reference: string;
  name: string;
}

export interface ContactView {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  position: string | null;
}

/** A stored customer with everything its legacy JSON shows (SPEC §4). */
export interface CustomerView extends CustomerRecord {
  organizationSlug: string;
  category: NamedRef;
  parentCustomer: NamedRef | null;
  customerSegmentation: NamedRef | null;
  createdBy: { id: number; reference: string } | null;
  paymentTypes: NamedRef[];
  region: { id: number; name: string } | null;
  contacts: ContactView[];
  // Read-only columns, never written by the update.
  pocTenus: number | null;
  isCredit: boolean | null;
  balance: number | null;
  maxChequePeriod: number | null;
  maxChequeValue: number | null;
  appliedCashBackOutput: unknown;
  returnDiscount: number | null;
  invoicesPerRoute: number | null;
  paymentTerm: string | null;
  version: number;
  dateCreated: Date;
  lastUpdated: Date;
}
