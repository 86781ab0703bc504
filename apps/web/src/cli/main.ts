/**
 * Admin command line: users and API tokens.
 *
 *   pnpm cli user:create --organization entity1 --email ana@entity1.test --password '...' --reference emp-010 [--role editor]
 *   pnpm cli token:create --email ana@entity1.test --name "ERP sync" [--days 90] [--scope read]
 *   pnpm cli token:list --email ana@entity1.test
 *   pnpm cli token:revoke --id 3
 *
 * It opens the same database as the app (DATABASE_URL, or the embedded one in
 * DATA_DIR). While the app holds the embedded database, the command line
 * works through it (see @cr/db/client).
 *
 * Defaults keep the scripts written before roles working: a user created
 * without `--role` is an `editor` (every customer change, as every user could
 * before; admin work is asked for by name), a token without `--scope` may
 * `write`. What it does is in the organization's audit log, by "the command line".
 */
import { parseArgs } from "node:util";

import { isTokenScope, isUserRole, tokenScopes, userRoles } from "@cr/domain";
import { createDatabase, embeddedDatabaseDir } from "@cr/db/client";
import {
  createApiToken,
  createUser,
  findOrganizationBySlug,
  findUserForLogin,
  listApiTokens,
  recordAuditEvent,
  revokeApiToken,
} from "@cr/db/repositories";

import { env } from "../env";

const USAGE = `usage:
  pnpm cli user:create --organization <slug> --email <email> --password <password> --reference <ref> [--name <name>] [--role ${userRoles.join("|")}]
  pnpm cli token:create --email <email> [--name <label>] [--days <n>] [--scope ${tokenScopes.join("|")}]
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
    role: { type: "string", default: "editor" },
    scope: { type: "string", default: "write" },
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
    ? { url: env.databaseUrl, maxConnections: 1, preparedStatements: env.databasePreparedStatements }
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
      const role = required("role");
      if (!isUserRole(role)) {
        console.error(`--role takes one of ${userRoles.join(", ")}.`);
        process.exit(2);
      }
      const user = await db.transaction(async (tx) => {
        const created = await createUser(tx, {
          organizationId: organization.id,
          email: required("email"),
          password,
          reference: required("reference"),
          name: values.name,
          role,
        });
        await recordAuditEvent(tx, {
          organizationId: organization.id,
          actorUserId: null,
          action: "user.created",
          target: `user:${created.id}`,
          details: { email: required("email"), role },
          now: new Date(),
        });
        return created;
      });
      console.log(`User ${user.id} created in ${slug} as ${role}.`);
      break;
    }
    case "token:create": {
      const user = await findUserOrExit(required("email"));
      const days = values.days ? Number(values.days) : null;
      if (days !== null && !(Number.isInteger(days) && days > 0)) {
        console.error("--days takes a positive whole number.");
        process.exit(2);
      }
      const scope = required("scope");
      if (!isTokenScope(scope)) {
        console.error(`--scope takes one of ${tokenScopes.join(", ")}.`);
        process.exit(2);
      }
      const name = values.name ?? "API token";
      const token = await db.transaction(async (tx) => {
        const created = await createApiToken(tx, {
          userId: user.id,
          organizationId: user.organizationId,
          name,
          scope,
          expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
        });
        await recordAuditEvent(tx, {
          organizationId: user.organizationId,
          actorUserId: null,
          action: "api_token.created",
          target: `api_token:${created.id}`,
          details: { name, scope, owner: user.email },
          now: new Date(),
        });
        return created;
      });
      console.log(`Token ${token.id} (${scope}) for ${user.email} (${user.organizationSlug}). Shown once, store it now:`);
      console.log(token.token);
      break;
    }
    case "token:list": {
      const user = await findUserOrExit(required("email"));
      for (const token of await listApiTokens(db, user.id)) {
        const state = token.revokedAt ? "revoked" : token.expiresAt && token.expiresAt < new Date() ? "expired" : "active";
        console.log(`${token.id}\t${state}\t${token.scope}\t${token.name}\texpires ${token.expiresAt?.toISOString() ?? "never"}`);
      }
      break;
    }
    case "token:revoke": {
      const id = Number(required("id"));
      const revoked = await db.transaction(async (tx) => {
        const token = await revokeApiToken(tx, { id, now: new Date() });
        if (token) {
          await recordAuditEvent(tx, {
            organizationId: token.organizationId,
            actorUserId: null,
            action: "api_token.revoked",
            target: `api_token:${id}`,
            details: { name: token.name },
            now: new Date(),
          });
        }
        return token;
      });
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
