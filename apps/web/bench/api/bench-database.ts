/**
 * The database of the API benchmarks (`bench:api`, `bench:ab`): a PostgreSQL
 * 15 cluster of their own, a fresh database migrated with the committed
 * migrations and seeded with the demo data and `customers` customers of
 * organization 1 (`BENCH-...`), whose ids the load picks from.
 */
import path from "node:path";

import { createDatabase, type DatabaseHandle, migratePostgresDatabase } from "@cr/db/client";
import { seedBulkCustomers, seedDemoData } from "@cr/db/seed";
import postgres from "postgres";

import { webDir } from "../../test/support/built-app";
import { createPostgresCluster, type PostgresCluster } from "../../test/support/postgres-cluster";

export const BENCH_PASSWORD = "bench-password";
export const BENCH_ORGANIZATION_ID = 1;
/** The app's limiter counts per user and minute: far above what the load can send, so it never answers 429. */
export const BENCH_RATE_LIMIT_PER_MINUTE = "1000000000";

export interface BenchDatabase {
  cluster: PostgresCluster;
  /** On the cluster's `postgres` database: its settings, its log. */
  admin: postgres.Sql;
  /** The benchmark's database. */
  url: string;
  database: DatabaseHandle;
  sql: postgres.Sql;
  /** The ids of the seeded customers of organization 1. */
  ids: { first: number; last: number };
}

/** Starts it; what it starts is stopped by `cleanups`, run in reverse order by the caller. */
export async function startBenchDatabase(
  cleanups: (() => Promise<unknown>)[],
  options: { customers: number },
): Promise<BenchDatabase> {
  const cluster = await createPostgresCluster({ settings: { max_connections: 200 } });
  cleanups.push(() => cluster.destroy());
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  cleanups.push(() => admin.end({ timeout: 5 }));
  await admin`create database bench`;
  const url = cluster.url.replace(/\/postgres$/, "/bench");

  await migratePostgresDatabase(url, path.resolve(webDir, "../../packages/db/migrations"));
  const database = await createDatabase({ url, maxConnections: 2 });
  cleanups.push(() => database.close());
  await seedDemoData(database.db, { adminPassword: BENCH_PASSWORD, customersPerOrganization: 10 });
  await seedBulkCustomers(database.db, {
    organizationId: BENCH_ORGANIZATION_ID,
    count: options.customers,
    prefix: "BENCH",
    categoryIds: [2, 3, 4],
    currency: "USD",
  });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  cleanups.push(() => sql.end({ timeout: 5 }));
  const [range] = await sql<{ first: number; last: number }[]>`
    select min(id)::int as first, max(id)::int as last from customers
     where organization_id = ${BENCH_ORGANIZATION_ID} and reference like 'BENCH-%'`;
  return { cluster, admin, url, database, sql, ids: { first: range!.first, last: range!.last } };
}
