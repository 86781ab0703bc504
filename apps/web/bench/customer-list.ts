/**
 * The UI's customer list in a large organization: `searchCustomers` (what
 * `customer.list` runs) over many customers of one organization (100,000 by
 * default; `pnpm bench:list --customers 1000000` for the size), on the
 * embedded database, or on the PostgreSQL server of DATABASE_URL when it is set.
 *
 * The cases take turns, round after round, so that a busy moment of a shared
 * machine slows them all rather than one.
 */
import {
  type CustomerListPosition,
  customerListPosition,
  type CustomerSortKey,
  type CustomerSortOrder,
  searchCustomers,
} from "@cr/db/repositories";
import { seedBulkCustomers, seedDemoData } from "@cr/db/seed";
import { createTestDatabase, testDatabaseKind } from "@cr/db/testing";

export const customerListBenchDefaults = { customers: 100_000, rounds: 30 };

const WARM_UP_ROUNDS = 3;
const PAGE_SIZE = 25;

type ListQuery = Omit<Parameters<typeof searchCustomers>[1], "organizationId" | "limit">;

interface ListCase {
  name: string;
  query: ListQuery;
}

const whole = (value: number) => value.toLocaleString("en");

/** The value at the fraction `q` of sorted timings (nearest rank). */
function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export async function benchCustomerList(options: Partial<typeof customerListBenchDefaults> = {}): Promise<string> {
  const { customers, rounds } = { ...customerListBenchDefaults, ...options };
  const progress = (text: string) => process.stderr.write(`customer list: ${text}\n`);
  const database = await createTestDatabase();
  try {
    progress(`seeding ${whole(customers)} customers on ${testDatabaseKind}`);
    const seedStarted = performance.now();
    await seedDemoData(database.db, { adminPassword: "bench-password", customersPerOrganization: 10 });
    await seedBulkCustomers(database.db, {
      organizationId: 1,
      count: customers,
      prefix: "BIG",
      categoryIds: [2, 3, 4],
      currency: "USD",
    });
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const list = (query: ListQuery, limit = PAGE_SIZE) => searchCustomers(database.db, { organizationId: 1, limit, ...query });
    /** The row in the middle of the organization in this sort, where a deep page starts. */
    const middle = async (sort: CustomerSortKey, order: CustomerSortOrder = "asc"): Promise<CustomerListPosition> => {
      const { items } = await list({ sort, order, offset: Math.floor(customers / 2) }, 1);
      return customerListPosition(items[0]!, sort);
    };
    const middlePage = whole(Math.floor(customers / 2 / PAGE_SIZE));

    progress("finding the middle of each sort");
    const cases: ListCase[] = [
      { name: "first page, by name", query: {} },
      { name: "search as you type: `bak` (a fifth of the organization, first by name)", query: { search: "bak" } },
      { name: "search as you type: `pha` (a fifth, last by name)", query: { search: "pha" } },
      { name: "search a reference: `BIG-0042`", query: { search: "BIG-0042" } },
      { name: "filter: on hold, by last update", query: { onHold: true, sort: "lastUpdated", order: "desc" } },
      { name: "page 2,001 by offset (offset 50,000), by name", query: { offset: 50_000 } },
      { name: `page ${middlePage} by cursor (next), by name`, query: { after: await middle("name") } },
      { name: `page ${middlePage} by cursor (previous), by name`, query: { before: await middle("name") } },
      { name: `page ${middlePage} by cursor, by reference`, query: { sort: "reference", after: await middle("reference") } },
      {
        name: `page ${middlePage} by cursor, by last update (every value ties), newest first`,
        query: { sort: "lastUpdated", order: "desc", after: await middle("lastUpdated", "desc") },
      },
      {
        name: `page ${middlePage} by cursor, by credit limit, highest first`,
        query: { sort: "creditLimit", order: "desc", after: await middle("creditLimit", "desc") },
      },
    ];

    progress(`${cases.length} cases, ${rounds} rounds after ${WARM_UP_ROUNDS} warm-ups`);
    const timings = cases.map(() => [] as number[]);
    const shown = cases.map(() => "");
    for (let round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
      for (const [index, listCase] of cases.entries()) {
        const started = performance.now();
        const page = await list(listCase.query);
        const elapsed = performance.now() - started;
        if (round >= WARM_UP_ROUNDS) timings[index]!.push(elapsed);
        shown[index] = `${whole(page.total)}${page.totalIsExact ? "" : "+"}`;
      }
    }

    const rows = cases.map((listCase, index) => {
      const sorted = timings[index]!.sort((a, b) => a - b);
      const ms = (value: number) => `${value.toFixed(1)} ms`;
      return `| ${listCase.name} | ${shown[index]} | ${ms(percentile(sorted, 0.5))} | ${ms(percentile(sorted, 0.95))} | ${ms(sorted.at(-1)!)} |`;
    });
    return [
      `### Customer list in a large organization (${testDatabaseKind === "postgres" ? "PostgreSQL server" : "embedded PGlite"}, ${whole(customers)} customers)`,
      "",
      `\`customer.list\`'s query (\`searchCustomers\`: a page of ${PAGE_SIZE} and the total, counted up to 1,000) over ${whole(customers)} customers of one organization (seeded in ${seedSeconds.toFixed(0)} s), ${rounds} rounds after ${WARM_UP_ROUNDS} warm-ups, the cases in turn. "Total" is what the list shows.`,
      "",
      "| list | total | median | p95 | slowest |",
      "|---|---|---|---|---|",
      ...rows,
    ].join("\n");
  } finally {
    await database.close();
  }
}
