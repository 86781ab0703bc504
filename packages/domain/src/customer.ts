/**
 * The domain's view of a stored customer: what the update rules read and
 * produce. It mirrors the `customers` table of `@cr/db` without knowing it.
 */

import type { CustomerWritableFields } from "./customer-fields";

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
