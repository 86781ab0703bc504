/**
 * Admin command line: users and API tokens.
 *
 *   pnpm cli user:create --organization entity1 --email ana@entity1.test --password '...' --reference emp-010
 *   pnpm cli token:create --email ana@entity1.test --name "ERP sync" [--days 90]
 *   pnpm cli token:list --email ana@entity1.test
 *   pnpm cli token:revoke --id 3
 *
 * It opens the same database as the app (DATABASE_URL, or the embedded one in
 * DATA_DIR). While the app holds the embedded database, the command line
 * works through it (see @cr/db/client).
 */
import { parseArgs } from "node:util";

import { createDatabase, embeddedDatabaseDir } from "@cr/db/client";
import {
  createApiToken,
  createUser,
  findOrganizationBySlug,
  findUserForLogin,
  listApiTokens,
  revokeApiToken,
} from "@cr/db/repositories";

import { env } from "../env";

const USAGE = `usage:
  pnpm cli user:create --organization <slug> --email <email> --password <password> --reference <ref> [--name <name>]
  pnpm cli token:create --email <email> [--name <label>] [--days <n>]
  pnpm cli token:list --email <email>
  pnpm cli token:revoke --id <id>`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    organization: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    reference: { type: "string" },
    name: { type: "string" },
    days: { type: "string" },
    id: { type: "string" },
  },
});

function required(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") {
    console.error(`--${name} is required\n${USAGE}`);
    process.exit(2);
  }
  return value.trim();
}

const handle = await createDatabase(
  env.databaseUrl
    ? { url: env.databaseUrl, maxConnections: 1 }
    : { dataDir: embeddedDatabaseDir(env.dataDir), migrationsFolder: env.migrationsDir, holderName: "pnpm cli" },
);
const { db } = handle;

async function findUserOrExit(email: string) {
  const user = await findUserForLogin(db, email);
  if (!user) {
    console.error(`No user with the e-mail ${email}.`);
    process.exit(1);
  }
  return user;
}

try {
  switch (positionals[0]) {
    case "user:create": {
      const slug = required("organization");
      const organization = await findOrganizationBySlug(db, slug);
      if (!organization) {
        console.error(`No organization ${slug}.`);
        process.exit(1);
      }
      const password = required("password");
      if (password.length < 8) {
        console.error("The password needs at least 8 characters.");
        process.exit(2);
      }
      const user = await createUser(db, {
        organizationId: organization.id,
        email: required("email"),
        password,
        reference: required("reference"),
        name: values.name,
      });
      console.log(`User ${user.id} created in ${slug}.`);
      break;
    }
    case "token:create": {
      const user = await findUserOrExit(required("email"));
      const days = values.days ? Number(values.days) : null;
      if (days !== null && !(Number.isInteger(days) && days > 0)) {
        console.error("--days takes a positive whole number.");
        process.exit(2);
      }
      const token = await createApiToken(db, {
        userId: user.id,
        organizationId: user.organizationId,
        name: values.name ?? "API token",
        expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
      });
      console.log(`Token ${token.id} for ${user.email} (${user.organizationSlug}). Shown once, store it now:`);
      console.log(token.token);
      break;
    }
    case "token:list": {
      const user = await findUserOrExit(required("email"));
      for (const token of await listApiTokens(db, user.id)) {
        const state = token.revokedAt ? "revoked" : token.expiresAt && token.expiresAt < new Date() ? "expired" : "active";
        console.log(`${token.id}\t${state}\t${token.name}\texpires ${token.expiresAt?.toISOString() ?? "never"}`);
      }
      break;
    }
    case "token:revoke": {
      const id = Number(required("id"));
      const revoked = await revokeApiToken(db, { id, now: new Date() });
      console.log(revoked ? `Token ${id} revoked.` : `No active token ${id}.`);
      if (!revoked) process.exitCode = 1;
      break;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
} finally {
  await handle.close();
}
