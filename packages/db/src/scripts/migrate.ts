/**
 * `pnpm db:migrate`: applies the committed migrations to the PostgreSQL server,
 * through DATABASE_DIRECT_URL when set (a transaction pooler in DATABASE_URL
 * cannot keep the migrations' session lock), or to the embedded database.
 */
import { createDatabase, embeddedDatabaseDir, migratePostgresDatabase } from "../client";
import { env } from "../env";

if (env.databaseUrl && !env.preparedStatements && !env.databaseDirectUrl) {
  // Through the pooler, the session lock would be taken on one server
  // connection and the migrations run on others, while the lock stays behind
  // on a connection the pooler hands to the app: other migrators would wait for it.
  console.error(
    "DATABASE_PREPARED_STATEMENTS=false says DATABASE_URL is a transaction pooler, which cannot hold the migrations' session lock: " +
      "set DATABASE_DIRECT_URL to a direct connection to the server (README, \"Behind a transaction pooler\").",
  );
  process.exit(1);
}

if (env.databaseUrl) {
  await migratePostgresDatabase(env.sessionUrl!, env.migrationsFolder);
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
