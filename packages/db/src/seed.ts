/**
 * The demo data of SPEC §6: organization `entity1` mirrors the legacy page's
 * example (customer 256 `NC-3`, category 2, segmentation 1, user 2, payment
 * types 7 and 8, region 2) so that a newcomer can replay it, and `entity2`
 * has customers of its own so that isolation can be seen.
 *
 * It seeds an empty database only: a database that holds any organization is
 * a user's, and is left exactly as it is (`pnpm dev` seeds on every start; an
 * edit made since must survive it). The example's ids are inserted
 * explicitly, before any generated id, and the identity sequences are moved
 * past them afterwards.
 */
import { sql } from "drizzle-orm";

import type { Database } from "./client";
import {
  customerCategories,
  customerPaymentTypes,
  customers,
  customerSegmentations,
  organizations,
  paymentTypes,
  regions,
  users,
} from "./schema";
import { hashPassword } from "./secrets";

export interface SeedOptions {
  /** Password of every demo user. For local use only. */
  adminPassword: string;
  /** Extra customers per organization besides the example ones. */
  customersPerOrganization?: number;
}

const SHOP_KINDS = ["Jewelry", "Bakery", "Pharmacy", "Bookshop", "Florist", "Grocery", "Hardware", "Optician"];
const OWNER_NAMES = ["Marie", "Louis", "Camille", "Hugo", "Chloé", "Lucas", "Emma", "Jules", "Léa", "Nathan", "Inès"];
const CITIES = [
  { country: "FR", city: "Nice", postalCode: "06000" },
  { country: "FR", city: "Lyon", postalCode: "69001" },
  { country: "US", city: "San Diego", postalCode: "92101" },
  { country: "US", city: "Fresno", postalCode: "93650" },
  { country: "DE", city: "Berlin", postalCode: "10115" },
];

async function resetIdentity(db: Database, table: string): Promise<void> {
  await db.execute(
    sql.raw(
      `select setval(pg_get_serial_sequence('${table}', 'id'), greatest((select coalesce(max(id), 0) from ${table}), 1))`,
    ),
  );
}

function demoCustomer(index: number, prefix: string) {
  const owner = OWNER_NAMES[index % OWNER_NAMES.length]!;
  const kind = SHOP_KINDS[index % SHOP_KINDS.length]!;
  const place = CITIES[index % CITIES.length]!;
  return {
    reference: `${prefix}-${String(index + 1).padStart(3, "0")}`,
    name: `${owner}'s ${kind} ${place.city}`,
    billingCountry: place.country,
    billingCity: place.city,
    billingPostalCode: place.postalCode,
    country: place.country,
    city: place.city,
    postalCode: place.postalCode,
    creditLimit: ((index * 750) % 10000) + 500,
    isActive: index % 9 !== 0,
    onHold: index % 13 === 0,
    onHoldReason: index % 13 === 0 ? "Unpaid invoices" : null,
    email: `contact${index + 1}@${prefix.toLowerCase()}.example`,
  };
}

/** Serializes concurrent seeds of one database (two `pnpm dev` starting together). */
const SEED_LOCK_KEY = 0x5eed;

export type SeedOutcome = "seeded" | "skipped: the database already holds data";

export async function seedDemoData(db: Database, options: SeedOptions): Promise<SeedOutcome> {
  const passwordHash = await hashPassword(options.adminPassword);
  const extraCustomers = options.customersPerOrganization ?? 40;

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const [existing] = await tx.select({ id: organizations.id }).from(organizations).limit(1);
    if (existing) return "skipped: the database already holds data";

    // --- entity1: the page's example -------------------------------------------------
    await tx
      .insert(organizations)
      .values([
        {
          id: 1,
          slug: "entity1",
          name: "Entity One Distribution",
          defaultCurrency: "USD",
          currencies: ["USD", "EUR"],
          geoLocationsEnabled: true,
          regionLevel: 2,
        },
        {
          id: 2,
          slug: "entity2",
          name: "Entity Two Wholesale",
          defaultCurrency: "EUR",
          currencies: ["EUR"],
          geoLocationsEnabled: false,
          regionLevel: 1,
        },
      ]);

    await tx
      .insert(users)
      .values([
        { id: 1, organizationId: 1, email: "admin@entity1.test", reference: "emp-001", name: "Admin One", role: "admin", passwordHash },
        { id: 2, organizationId: 1, email: "sales@entity1.test", reference: "emp-002", name: "Sam Sales", role: "editor", passwordHash },
        { id: 3, organizationId: 2, email: "admin@entity2.test", reference: "emp-001", name: "Admin Two", role: "admin", passwordHash },
        // one user per role, to see what each may do
        { id: 4, organizationId: 1, email: "editor@entity1.test", reference: "emp-004", name: "Eddie Editor", role: "editor", passwordHash },
        { id: 5, organizationId: 1, email: "viewer@entity1.test", reference: "emp-005", name: "Vera Viewer", role: "viewer", passwordHash },
      ]);

    await tx
      .insert(customerCategories)
      .values([
        { id: 1, organizationId: 1, parentId: null, reference: "root", name: "All customers" },
        { id: 2, organizationId: 1, parentId: 1, reference: "jewelry", name: "Jewelry and accessories" },
        { id: 3, organizationId: 1, parentId: 1, reference: "food", name: "Food and groceries" },
        { id: 4, organizationId: 1, parentId: 1, reference: "health", name: "Health and beauty" },
        { id: 5, organizationId: 2, parentId: null, reference: "root", name: "All customers" },
        { id: 6, organizationId: 2, parentId: 5, reference: "wholesale", name: "Wholesale" },
      ]);

    await tx
      .insert(customerSegmentations)
      .values([
        { id: 1, organizationId: 1, reference: "seg_a", name: "Segmentation A" },
        { id: 2, organizationId: 1, reference: "seg_b", name: "Segmentation B" },
        { id: 3, organizationId: 2, reference: "seg_a", name: "Key accounts" },
      ]);

    await tx
      .insert(paymentTypes)
      .values([
        { id: 7, organizationId: 1, reference: "cash", name: "cash" },
        { id: 8, organizationId: 1, reference: "cheque", name: "cheque" },
        { id: 9, organizationId: 1, reference: "transfer", name: "bank transfer" },
        { id: 10, organizationId: 2, reference: "cash", name: "cash" },
      ]);

    await tx
      .insert(regions)
      .values([
        { id: 1, organizationId: 1, parentId: null, level: 1, reference: "us", name: "United States" },
        { id: 2, organizationId: 1, parentId: 1, level: 2, reference: "us-ca", name: "California" },
        { id: 3, organizationId: 1, parentId: 1, level: 2, reference: "us-nv", name: "Nevada" },
        { id: 4, organizationId: 1, parentId: 2, level: 3, reference: "us-ca-sd", name: "San Diego County" },
        { id: 5, organizationId: 2, parentId: null, level: 1, reference: "fr", name: "France" },
      ]);

    // The page's example shows billWithParent=true on a customer that is not a
    // sub-customer, and an empty shipping address with isSameAddress=true; the
    // rules of SPEC §3 forbid both, so the seed stores the consistent values.
    await tx
      .insert(customers)
      .values({
        id: 256,
        organizationId: 1,
        reference: "NC-3",
        name: "Marie's Jewelry",
        categoryId: 2,
        customerSegmentationId: 1,
        createdByUserId: 2,
        billingCountry: "FR",
        billingCity: "Nice",
        country: "FR",
        city: "Nice",
        creditLimit: 5000,
        dueDateConfigNumber: 7,
        dueDateConfigType: 1,
        currency: "USD",
        regionId: 2,
        dateCreated: new Date("2015-12-17T23:00:00Z"),
        lastUpdated: new Date("2016-08-16T09:02:13Z"),
      });
    await tx
      .insert(customerPaymentTypes)
      .values([
        { organizationId: 1, customerId: 256, paymentTypeId: 7 },
        { organizationId: 1, customerId: 256, paymentTypeId: 8 },
      ]);

    for (const table of ["organizations", "users", "customer_categories", "customer_segmentations", "payment_types", "regions", "customers"]) {
      await resetIdentity(tx, table);
    }

    // --- the rest: generated ids ------------------------------------------------------
    const organizationsToFill = [
      {
        organizationId: 1,
        prefix: "NC",
        currency: "USD",
        // each shop in the category of its trade; the others stay in the root category
        categoryOf: (kind: string) =>
          ({ Jewelry: 2, Bakery: 3, Grocery: 3, Pharmacy: 4, Optician: 4 } as Record<string, number>)[kind] ?? 1,
        userId: 2,
        paymentTypeIds: [7, 8, 9],
      },
      { organizationId: 2, prefix: "E2", currency: "EUR", categoryOf: () => 6, userId: 3, paymentTypeIds: [10] },
    ];
    for (const fill of organizationsToFill) {
      const rows = Array.from({ length: extraCustomers }, (_, index) => ({
        ...demoCustomer(index, fill.prefix),
        organizationId: fill.organizationId,
        categoryId: fill.categoryOf(SHOP_KINDS[index % SHOP_KINDS.length]!),
        createdByUserId: fill.userId,
        currency: fill.currency,
      }));
      const inserted = await tx
        .insert(customers)
        .values(rows)
        .returning({ id: customers.id });
      const links = inserted.map((row, index) => ({
        organizationId: fill.organizationId,
        customerId: row.id,
        paymentTypeId: fill.paymentTypeIds[index % fill.paymentTypeIds.length]!,
      }));
      if (links.length > 0) await tx.insert(customerPaymentTypes).values(links);
    }
    return "seeded";
  });
}

/**
 * Many customers at once, for benchmarks of a large organization: generated
 * by the database itself (one statement), references `<prefix>-000001`...
 * (seven digits from 1,000,000 customers on, so that every one stays unique).
 * Needs the demo data (categories 2 to 4 of entity1) for organization 1.
 */
export async function seedBulkCustomers(
  db: Database,
  args: { organizationId: number; count: number; prefix: string; categoryIds: number[]; currency: string },
): Promise<void> {
  const categories = sql.raw(`array[${args.categoryIds.map(Number).join(",")}]::int[]`);
  await db.execute(sql`
    insert into customers (organization_id, reference, name, category_id, currency, on_hold, billing_city, credit_limit)
    select ${args.organizationId}, ${args.prefix} || '-' || lpad(n::text, greatest(6, length(${args.count}::int::text)), '0'),
           (array['Bakery', 'Pharmacy', 'Florist', 'Grocery', 'Optician'])[1 + n % 5] || ' ' || md5(n::text),
           (${categories})[1 + n % ${args.categoryIds.length}], ${args.currency}, n % 17 = 0, 'City ' || (n % 300), (n % 97) * 100
    from generate_series(1, ${args.count}::int) as n`);
  await db.execute(sql`analyze customers`);
}

/**
 * `count` change events of one organization for benchmarks, as many writers
 * over days would leave them: a thousand per transaction (the feed serves an
 * event once its transaction is older than every running one, so the ids
 * must be real), a changed field each.
 */
export async function seedBulkCustomerEvents(db: Database, args: { organizationId: number; count: number; customerId: number }): Promise<void> {
  const perTransaction = 1_000;
  for (let start = 1; start <= args.count; start += perTransaction) {
    const end = Math.min(args.count, start + perTransaction - 1);
    await db.execute(sql`
      insert into customer_events (organization_id, type, customer_id, data, created_at)
      select ${args.organizationId}::int, 'customer.updated', ${args.customerId}::int,
        json_build_object('customerId', ${args.customerId}::int, 'reference', 'NC-3', 'version', n + 1, 'channel', 'api',
          'changedBy', json_build_object('userId', 1, 'reference', 'emp-001', 'href', '/api/v2.1/users/1'),
          'changes', json_build_array(json_build_object('field', 'creditLimit', 'oldValue', (n * 10)::text, 'newValue', (n * 10 + 10)::text))),
        now() - make_interval(secs => ${args.count}::int - n)
      from generate_series(${start}::int, ${end}::int) as n`);
  }
  await db.execute(sql`analyze customer_events`);
}

/** The feed position of the organization's event at `offset` (0: the first), for benchmarks to start a reader there. */
export async function customerEventPositionAt(db: Database, args: { organizationId: number; offset: number }) {
  const rows = await db.execute<{ transaction_id: string; id: string }>(sql`
    select transaction_id::text as transaction_id, id from customer_events where organization_id = ${args.organizationId}::int
    order by transaction_id, id offset ${args.offset}::int limit 1`);
  const [row] = Array.isArray(rows) ? rows : (rows as unknown as { rows: { transaction_id: string; id: string }[] }).rows;
  return { transactionId: row!.transaction_id, id: Number(row!.id) };
}
