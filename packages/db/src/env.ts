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
  DATA_DIR: z.string().min(1).optional(),
  SEED_ADMIN_PASSWORD: z.string().min(8).optional(),
  REQUIRE_DATABASE_URL: z.enum(["0", "1"]).optional(),
});

/** Every variable the database scripts read (checked against turbo.json and the README by a test). */
export const dbEnvVariables = Object.keys(EnvSchema.shape) as (keyof typeof EnvSchema.shape)[];

const parsed = EnvSchema.parse(process.env);

export const env = {
  databaseUrl: parsed.DATABASE_URL,
  /** The project's data folder: the embedded database lives in `<dataDir>/pglite`. */
  dataDir: path.resolve(parsed.DATA_DIR ?? path.join(packageDir, "../../.data")),
  seedAdminPassword: parsed.SEED_ADMIN_PASSWORD ?? "demo1234",
  requireDatabaseUrl: parsed.REQUIRE_DATABASE_URL === "1",
  migrationsFolder: path.join(packageDir, "migrations"),
};
