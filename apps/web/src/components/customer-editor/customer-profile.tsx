import type { CustomerView } from "@cr/domain";

import { formatDateTime } from "../format";
import { LogoUpload } from "./logo-upload";

const cardClass = "space-y-4 rounded-lg bg-white p-5 shadow-xs ring-1 ring-zinc-900/5";

/** The address the legacy API gives as `logo`, relative to this site. */
const logoPath = (customer: CustomerView) =>
  customer.logo &&
  `/uploads/${encodeURIComponent(customer.organizationSlug)}/photoCustomer/${encodeURIComponent(customer.logo)}`;

export function CustomerLogo({ customer, readOnly }: { customer: CustomerView; readOnly: boolean }) {
  const logo = logoPath(customer);
  return (
    <section aria-labelledby="customer-logo" className={cardClass}>
      <h2 id="customer-logo" className="text-base font-semibold text-zinc-900">
        Logo
      </h2>
      <div className="flex size-32 items-center justify-center overflow-hidden rounded-lg bg-zinc-50 ring-1 ring-zinc-900/5">
        {logo ? (
          <img src={logo} alt={`Logo of ${customer.name}`} className="max-h-full max-w-full object-contain" />
        ) : (
          <span className="text-zinc-500">No logo</span>
        )}
      </div>
      {readOnly ? null : <LogoUpload customer={customer} />}
    </section>
  );
}

export function CustomerRecordFacts({ customer }: { customer: CustomerView }) {
  return (
    <section aria-labelledby="customer-record" className={cardClass}>
      <h2 id="customer-record" className="text-base font-semibold text-zinc-900">
        Record
      </h2>
      <dl className="space-y-3">
        <div>
          <dt className="text-zinc-500">Created by</dt>
          <dd className="font-medium">{customer.createdBy?.reference ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Created</dt>
          <dd className="tabular-nums">{formatDateTime(customer.dateCreated)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Last updated</dt>
          <dd className="tabular-nums">{formatDateTime(customer.lastUpdated)}</dd>
        </div>
      </dl>
    </section>
  );
}
