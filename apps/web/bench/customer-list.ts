/**
 * The UI's customer list in a large organization: `searchCustomers` (what
 * `customer.list` runs) over 100,000 customers, on the embedded database, or
 * on the PostgreSQL server of DATABASE_URL when it is set.
 */
import { type CustomerSortKey, searchCustomers } from "@cr/db/repositories";
import { seedBulkCustomers, seedDemoData } from "@cr/db/seed";
import { createTestDatabase, testDatabaseKind } from "@cr/db/testing";

const CUSTOMERS = 100_000;
const ROUNDS = 20;

interface ListCase {
  name: string;
  query: { search?: string; onHold?: boolean; sort?: CustomerSortKey; order?: "asc" | "desc"; offset?: number };
}

const cases: ListCase[] = [
  { name: "first page, by name", query: {} },
  { name: "search as you type: `bak`", query: { search: "bak" } },
  { name: "search a reference: `BIG-0042`", query: { search: "BIG-0042" } },
  { name: "filter: on hold, by last update", query: { onHold: true, sort: "lastUpdated", order: "desc" } },
  { name: "page 2,000 (offset 50,000), by name", query: { offset: 50_000 } },
];

export async function benchCustomerList(): Promise<string> {
  const database = await createTestDatabase();
  try {
    await seedDemoData(database.db, { adminPassword: "bench-password", customersPerOrganization: 10 });
    await seedBulkCustomers(database.db, {
      organizationId: 1,
      count: CUSTOMERS,
      prefix: "BIG",
      categoryIds: [2, 3, 4],
      currency: "USD",
    });

    const rows: string[] = [];
    for (const listCase of cases) {
      const timings: number[] = [];
      let total = 0;
      for (let round = 0; round < ROUNDS + 2; round++) {
        const started = performance.now();
        const page = await searchCustomers(database.db, { organizationId: 1, limit: 25, offset: 0, ...listCase.query });
        if (round >= 2) timings.push(performance.now() - started); // two warm-up rounds
        total = page.total;
      }
      timings.sort((a, b) => a - b);
      const median = timings[Math.floor(timings.length / 2)]!;
      rows.push(`| ${listCase.name} | ${total.toLocaleString("en")} | ${median.toFixed(1)} ms | ${timings.at(-1)!.toFixed(1)} ms |`);
    }
    return [
      `### Customer list in a large organization (${testDatabaseKind === "postgres" ? "PostgreSQL server" : "embedded PGlite"})`,
      "",
      `\`customer.list\`'s query (\`searchCustomers\`: page of 25 and total) over ${CUSTOMERS.toLocaleString("en")} customers of one organization, ${ROUNDS} rounds after two warm-ups.`,
      "",
      "| list | matching | median | slowest |",
      "|---|---|---|---|",
      ...rows,
    ].join("\n");
  } finally {
    await database.close();
  }
}
