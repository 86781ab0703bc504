/** `pnpm db:migrate`: applies the committed migrations to DATABASE_URL, or to the embedded database. */
import { createDatabase, embeddedDatabaseDir, migratePostgresDatabase } from "../client";
import { env } from "../env";

if (env.databaseUrl) {
  await migratePostgresDatabase(env.databaseUrl, env.migrationsFolder);
  console.log("Migrations applied to the PostgreSQL server.");
} else {
  const handle = await createDatabase({
    dataDir: embeddedDatabaseDir(env.dataDir),
    migrationsFolder: env.migrationsFolder,
    holderName: "pnpm db:migrate",
  });
  await handle.close();
  console.log(`Migrations applied to the embedded database in ${embeddedDatabaseDir(env.dataDir)}.`);
}
