/**
 * The objects a customer links to (SPEC §4: every nested reference carries an
 * `href`), as the legacy API shows them on their own. They mirror tables of
 * `@cr/db` without knowing them, like `CustomerView` does.
 */
import type { NamedRef } from "./customer";

/** A node of the organization's category tree; the root has no parent. */
export interface CustomerCategoryView extends NamedRef {
  parent: NamedRef | null;
}

export type CustomerSegmentationView = NamedRef;

export type PaymentTypeView = NamedRef;

/** A node of the geographic tree; `level` grows with depth (1 = country, 2 = state, ...). */
export interface RegionView extends NamedRef {
  level: number;
  parent: NamedRef | null;
}

/** What the API may show of a user: never a credential. */
export interface UserView {
  id: number;
  reference: string;
  email: string;
  name: string | null;
}
