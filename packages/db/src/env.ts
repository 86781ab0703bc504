/**
 * Configuration of the database scripts (`pnpm db:migrate`, `pnpm db:seed`)
 * and of the test helpers. The web app has its own env.ts.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { z } from "zod";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  /**
   * A direct session on the server (the Prisma convention), for what a
   * transaction pooler in DATABASE_URL cannot keep: the migrations' session
   * lock, LISTEN. Unset: DATABASE_URL.
   */
  DATABASE_DIRECT_URL: z.string().url().optional(),
  /** `false` when DATABASE_URL is a transaction pooler (PgBouncer `pool_mode = transaction`), see client.ts. */
  DATABASE_PREPARED_STATEMENTS: z.enum(["true", "false"]).default("true"),
  DATA_DIR: z.string().min(1).optional(),
  SEED_ADMIN_PASSWORD: z.string().min(8).optional(),
  REQUIRE_DATABASE_URL: z.enum(["0", "1"]).optional(),
});

/** Every variable the database scripts read (checked against turbo.json and the README by a test). */
export const dbEnvVariables = Object.keys(EnvSchema.shape) as (keyof typeof EnvSchema.shape)[];

const parsed = EnvSchema.parse(process.env);

export const env = {
  databaseUrl: parsed.DATABASE_URL,
  databaseDirectUrl: parsed.DATABASE_DIRECT_URL,
  /** Where a session of its own is needed: DATABASE_DIRECT_URL, else DATABASE_URL. */
  sessionUrl: parsed.DATABASE_DIRECT_URL ?? parsed.DATABASE_URL,
  preparedStatements: parsed.DATABASE_PREPARED_STATEMENTS === "true",
  /** The project's data folder: the embedded database lives in `<dataDir>/pglite`. */
  dataDir: path.resolve(parsed.DATA_DIR ?? path.join(packageDir, "../../.data")),
  seedAdminPassword: parsed.SEED_ADMIN_PASSWORD ?? "demo1234",
  requireDatabaseUrl: parsed.REQUIRE_DATABASE_URL === "1",
  migrationsFolder: path.join(packageDir, "migrations"),
};
