/**
 * Reads and writes of customers. Every function takes the organization and
 * never returns another organization's rows.
 */
import type { ContactView, CustomerRecord, CustomerView, DueDateConfigType } from "@cr/domain";
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

import type { Database } from "../client";
import { toCustomerWriteError } from "../errors";
import { lookupCondition, type ObjectLookup } from "./object-lookup";
import {
  contacts,
  customerCategories,
  customerPaymentTypes,
  customers,
  customerSegmentations,
  organizations,
  paymentTypes,
  regions,
  users,
} from "../schema";

export type CustomerLookup = ObjectLookup;

type CustomerRow = typeof customers.$inferSelect;

function customerCondition(organizationId: number, lookup: CustomerLookup): SQL {
  return lookupCondition(customers, organizationId, lookup);
}

function toCustomerRecord(row: CustomerRow, paymentTypeIds: number[]): CustomerRecord {
  return {
    id: row.id,
    organizationId: row.organizationId,
    reference: row.reference,
    reference2: row.reference2,
    name: row.name,
    barcode: row.barcode,
    isActive: row.isActive,
    categoryId: row.categoryId,
    isSubCustomer: row.isSubCustomer,
    parentCustomerId: row.parentCustomerId,
    billWithParent: row.billWithParent,
    customerSegmentationId: row.customerSegmentationId,
    createdByUserId: row.createdByUserId,
    isSameAddress: row.isSameAddress,
    billingCountry: row.billingCountry,
    billingCity: row.billingCity,
    billingPostalCode: row.billingPostalCode,
    billingAddress: row.billingAddress,
    billingLat: row.billingLat,
    billingLng: row.billingLng,
    country: row.country,
    city: row.city,
    postalCode: row.postalCode,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    email: row.email,
    phone: row.phone,
    mobile: row.mobile,
    fax: row.fax,
    comment: row.comment,
    website: row.website,
    creditLimit: row.creditLimit,
    dueDateConfigNumber: row.dueDateConfigNumber,
    dueDateConfigType: row.dueDateConfigType as DueDateConfigType | null,
    taxNumber: row.taxNumber,
    companyRegistrationNumber: row.companyRegistrationNumber,
    currency: row.currency,
    regionId: row.regionId,
    customerRisk: row.customerRisk,
    customerRiskColor: row.customerRiskColor,
    onHold: row.onHold,
    onHoldReason: row.onHoldReason,
    logo: row.logo,
    paymentTypeIds,
  };
}

async function paymentTypeIdsOf(db: Database, customerIds: number[]): Promise<Map<number, number[]>> {
  const byCustomer = new Map<number, number[]>(customerIds.map((id) => [id, []]));
  if (customerIds.length === 0) return byCustomer;
  const links = await db
    .select({ customerId: customerPaymentTypes.customerId, paymentTypeId: customerPaymentTypes.paymentTypeId })
    .from(customerPaymentTypes)
    .where(inArray(customerPaymentTypes.customerId, customerIds))
    .orderBy(asc(customerPaymentTypes.paymentTypeId));
  for (const link of links) byCustomer.get(link.customerId)?.push(link.paymentTypeId);
  return byCustomer;
}

/**
 * Loads the customer the rules work on. With `forUpdate` the row stays locked
 * until the transaction ends, so concurrent updates of one customer apply one
 * after the other and the history's old values are always the real ones.
 */
export async function findCustomerRecord(
  db: Database,
  args: { organizationId: number; lookup: CustomerLookup; forUpdate?: boolean },
): Promise<CustomerRecord | undefined> {
  const query = db.select().from(customers).where(customerCondition(args.organizationId, args.lookup)).limit(1);
  const [row] = args.forUpdate ? await query.for("update") : await query;
  if (!row) return undefined;
  const paymentTypeIds = await paymentTypeIdsOf(db, [row.id]);
  return toCustomerRecord(row, paymentTypeIds.get(row.id) ?? []);
}

/** Writes the fields of `next` that differ from `current`, bumps the version and answers the new timestamps. */
export async function saveCustomerRecord(
  db: Database,
  args: { current: CustomerRecord; next: CustomerRecord; now: Date },
): Promise<void> {
  const { paymentTypeIds, id, organizationId, ...fields } = args.next;
  try {
    await db
      .update(customers)
      .set({ ...fields, version: sql`${customers.version} + 1`, lastUpdated: args.now })
      .where(and(eq(customers.id, id), eq(customers.organizationId, organizationId)));
  } catch (error) {
    throw toCustomerWriteError(error);
  }
  if (paymentTypeIds.join(",") !== args.current.paymentTypeIds.join(",")) {
    await db.delete(customerPaymentTypes).where(eq(customerPaymentTypes.customerId, id));
    if (paymentTypeIds.length > 0) {
      await db
        .insert(customerPaymentTypes)
        .values(paymentTypeIds.map((paymentTypeId) => ({ organizationId, customerId: id, paymentTypeId })));
    }
  }
}

/** First key of the two-key advisory locks on an organization's sub-customer tree (the second is the organization). */
const CUSTOMER_TREE_LOCK = 1;

/**
 * Makes the transaction the only one that can give a customer a parent in the
 * organization until it ends; every such update takes it before reading any
 * row. The cycle check reads the ancestors of the proposed parent, and two
 * updates each reading a chain the other is changing could both pass and
 * store a loop (294 under 295 while 296 goes under 294); row locks do not
 * help, the rows read are not the rows written. With this lock the second
 * update reads the chain after the first committed, and refuses. Taken before
 * the customer's row lock, it also keeps two updates from locking each other's
 * rows in opposite order (the parent's foreign key check): a deadlock.
 * Changes that cannot add a link (no parent, other fields) do not take it.
 */
export async function lockCustomerTree(db: Database, organizationId: number): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${CUSTOMER_TREE_LOCK}::int, ${organizationId}::int)`);
}

/** Ids above `customerId` in the sub-customer tree: its parent, grand-parent, and so on. */
export async function findAncestorIds(
  db: Database,
  args: { organizationId: number; customerId: number },
): Promise<number[]> {
  const rows = await db.execute<{ id: number }>(sql`
    with recursive ancestors(id, depth) as (
      select parent_customer_id, 1 from ${customers}
      where id = ${args.customerId} and organization_id = ${args.organizationId}
      union all
      select c.parent_customer_id, a.depth + 1 from ${customers} c
      join ancestors a on c.id = a.id
      where c.parent_customer_id is not null and a.depth < 1000
    )
    select id from ancestors where id is not null order by depth`);
  const list = Array.isArray(rows) ? rows : (rows as { rows: { id: number }[] }).rows;
  return list.map((row) => Number(row.id));
}

const parentCustomers = alias(customers, "parent_customers");

/** The customers with everything the answers show, in the order of `ids`. */
export async function findCustomerViews(
  db: Database,
  args: { organizationId: number; ids: number[] },
): Promise<CustomerView[]> {
  if (args.ids.length === 0) return [];
  const rows = await db
    .select({
      customer: customers,
      organizationSlug: organizations.slug,
      category: { id: customerCategories.id, reference: customerCategories.reference, name: customerCategories.name },
      parent: { id: parentCustomers.id, reference: parentCustomers.reference, name: parentCustomers.name },
      segmentation: {
        id: customerSegmentations.id,
        reference: customerSegmentations.reference,
        name: customerSegmentations.name,
      },
      createdBy: { id: users.id, reference: users.reference },
      region: { id: regions.id, name: regions.name },
    })
    .from(customers)
    .innerJoin(organizations, eq(organizations.id, customers.organizationId))
    .innerJoin(customerCategories, eq(customerCategories.id, customers.categoryId))
    .leftJoin(parentCustomers, eq(parentCustomers.id, customers.parentCustomerId))
    .leftJoin(customerSegmentations, eq(customerSegmentations.id, customers.customerSegmentationId))
    .leftJoin(users, eq(users.id, customers.createdByUserId))
    .leftJoin(regions, eq(regions.id, customers.regionId))
    .where(and(eq(customers.organizationId, args.organizationId), inArray(customers.id, args.ids)));

  const paymentTypeIds = await paymentTypeIdsOf(db, args.ids);
  const paymentTypeRows = await db
    .select({
      customerId: customerPaymentTypes.customerId,
      id: paymentTypes.id,
      reference: paymentTypes.reference,
      name: paymentTypes.name,
    })
    .from(customerPaymentTypes)
    .innerJoin(paymentTypes, eq(paymentTypes.id, customerPaymentTypes.paymentTypeId))
    .where(inArray(customerPaymentTypes.customerId, args.ids))
    .orderBy(asc(paymentTypes.id));
  const contactRows = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.organizationId, args.organizationId), inArray(contacts.customerId, args.ids)))
    .orderBy(asc(contacts.id));

  const views = new Map<number, CustomerView>();
  for (const row of rows) {
    const c = row.customer;
    const customerContacts: ContactView[] = contactRows
      .filter((contact) => contact.customerId === c.id)
      .map(({ id, firstName, lastName, email, phone, position }) => ({ id, firstName, lastName, email, phone, position }));
    views.set(c.id, {
      ...toCustomerRecord(c, paymentTypeIds.get(c.id) ?? []),
      organizationSlug: row.organizationSlug,
      category: row.category,
      parentCustomer: row.parent?.id != null ? row.parent : null,
      customerSegmentation: row.segmentation?.id != null ? row.segmentation : null,
      createdBy: row.createdBy?.id != null ? row.createdBy : null,
      paymentTypes: paymentTypeRows
        .filter((paymentType) => paymentType.customerId === c.id)
        .map(({ id, reference, name }) => ({ id, reference, name })),
      region: row.region?.id != null ? row.region : null,
      contacts: customerContacts,
      pocTenus: c.pocTenus,
      isCredit: c.isCredit,
      balance: c.balance,
      maxChequePeriod: c.maxChequePeriod,
      maxChequeValue: c.maxChequeValue,
      appliedCashBackOutput: c.appliedCashBackOutput,
      returnDiscount: c.returnDiscount,
      invoicesPerRoute: c.invoicesPerRoute,
      paymentTerm: c.paymentTerm,
      version: c.version,
      dateCreated: c.dateCreated,
      lastUpdated: c.lastUpdated,
    });
  }
  return args.ids.flatMap((id) => views.get(id) ?? []);
}

export async function findCustomerView(
  db: Database,
  args: { organizationId: number; lookup: CustomerLookup },
): Promise<CustomerView | undefined> {
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(customerCondition(args.organizationId, args.lookup))
    .limit(1);
  if (!row) return undefined;
  const [view] = await findCustomerViews(db, { organizationId: args.organizationId, ids: [row.id] });
  return view;
}

export interface CustomerListItem {
  id: number;
  reference: string;
  name: string;
  isActive: boolean;
  onHold: boolean;
  categoryId: number;
  categoryName: string;
  billingCity: string | null;
  creditLimit: number | null;
  currency: string;
  lastUpdated: Date;
}

export type CustomerSortKey = "name" | "reference" | "lastUpdated" | "creditLimit";

/** The UI's customer list: search by name or reference, filters, sort and paging. */
export async function searchCustomers(
  db: Database,
  args: {
    organizationId: number;
    search?: string;
    isActive?: boolean;
    onHold?: boolean;
    categoryId?: number;
    sort?: CustomerSortKey;
    order?: "asc" | "desc";
    limit: number;
    offset: number;
  },
): Promise<{ total: number; items: CustomerListItem[] }> {
  const conditions: SQL[] = [eq(customers.organizationId, args.organizationId)];
  const search = args.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(customers.name, pattern), ilike(customers.reference, pattern)) as SQL);
  }
  if (args.isActive !== undefined) conditions.push(eq(customers.isActive, args.isActive));
  if (args.onHold !== undefined) conditions.push(eq(customers.onHold, args.onHold));
  if (args.categoryId !== undefined) conditions.push(eq(customers.categoryId, args.categoryId));
  const where = and(...conditions);

  const sortColumn = {
    name: customers.name,
    reference: customers.reference,
    lastUpdated: customers.lastUpdated,
    creditLimit: customers.creditLimit,
  }[args.sort ?? "name"];
  const direction = args.order === "desc" ? sql`desc` : sql`asc`;

  const [countRow] = await db.select({ total: sql<number>`count(*)::int` }).from(customers).where(where);
  const items = await db
    .select({
      id: customers.id,
      reference: customers.reference,
      name: customers.name,
      isActive: customers.isActive,
      onHold: customers.onHold,
      categoryId: customers.categoryId,
      categoryName: customerCategories.name,
      billingCity: customers.billingCity,
      creditLimit: customers.creditLimit,
      currency: customers.currency,
      lastUpdated: customers.lastUpdated,
    })
    .from(customers)
    .innerJoin(customerCategories, eq(customerCategories.id, customers.categoryId))
    .where(where)
    // the id breaks ties so that paging never repeats nor skips a row
    .orderBy(sql`${sortColumn} ${direction} nulls last`, asc(customers.id))
    .limit(args.limit)
    .offset(args.offset);
  return { total: Number(countRow?.total ?? 0), items };
}
