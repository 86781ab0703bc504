/** `pnpm db:seed`: the demo organizations of SPEC §6. Safe to run again. */
import { createDatabase, embeddedDatabaseDir } from "../client";
import { env } from "../env";
import { seedDemoData } from "../seed";

const handle = await createDatabase(
  env.databaseUrl
    ? { url: env.databaseUrl, maxConnections: 1 }
    : { dataDir: embeddedDatabaseDir(env.dataDir), migrationsFolder: env.migrationsFolder },
);
try {
  await seedDemoData(handle.db, { adminPassword: env.seedAdminPassword });
  console.log("Demo data seeded: admin@entity1.test and admin@entity2.test (see README for the password).");
} finally {
  await handle.close();
}
