/**
 * `pnpm db:seed`: the demo organizations of SPEC §6, into an empty database
 * only. One transaction under a transaction-scoped lock (seed.ts): safe
 * through a transaction pooler, so it goes where the app goes.
 */
import { createDatabase, embeddedDatabaseDir } from "../client";
import { env } from "../env";
import { seedDemoData } from "../seed";

const handle = await createDatabase(
  env.databaseUrl
    ? { url: env.databaseUrl, maxConnections: 1, preparedStatements: env.preparedStatements }
    : { dataDir: embeddedDatabaseDir(env.dataDir), migrationsFolder: env.migrationsFolder, holderName: "pnpm db:seed" },
);
try {
  const outcome = await seedDemoData(handle.db, { adminPassword: env.seedAdminPassword });
  console.log(
    outcome === "seeded"
      ? "Demo data seeded: admin@entity1.test and admin@entity2.test (see README for the password)."
      : "Demo data not seeded: the database already holds data, and the seed never changes it.",
  );
} finally {
  await handle.close();
}
