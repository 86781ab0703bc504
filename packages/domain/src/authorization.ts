/**
 * Who may do what: the one rule set every service asks (`assertCan`), so that
 * no door (legacy API, batch, import, tRPC, uploads) can forget it.
 *
 * A person has one role in their organization. An API token has a scope and
 * acts with the lesser of its scope and its owner's current role: a `read`
 * token of an admin cannot write, and a `write` token of a user demoted to
 * viewer cannot either, from the next request on.
 *
 * Managing the organization (users, tokens, webhooks, the audit log) takes a
 * signed-in admin, never a token: an integration's key that leaks cannot
 * create users, mint tokens or send every customer to a URL of its choice.
 */
import { AppError } from "./errors";

export const userRoles = ["admin", "editor", "viewer"] as const;
export type UserRole = (typeof userRoles)[number];

export const tokenScopes = ["read", "write"] as const;
export type TokenScope = (typeof tokenScopes)[number];

export const permissions = [
  /** The list, a customer, its history, the CSV export, the legacy GETs, pictures. */
  "customers.read",
  /** The form, bulk edit, the CSV import, the batch API, the legacy POST, a new logo. */
  "customers.write",
  /** Users, API tokens, webhooks, the audit log. */
  "organization.manage",
] as const;
export type Permission = (typeof permissions)[number];

const grantedToRole: Record<UserRole, readonly Permission[]> = {
  admin: ["customers.read", "customers.write", "organization.manage"],
  editor: ["customers.read", "customers.write"],
  viewer: ["customers.read"],
};

const grantedToScope: Record<TokenScope, readonly Permission[]> = {
  read: ["customers.read"],
  write: ["customers.read", "customers.write"],
};

/** Who acts: a role, and the scope of the API token it came with (null: a signed-in session). */
export interface Actor {
  role: UserRole;
  tokenScope: TokenScope | null;
}

export function can(actor: Actor, permission: Permission): boolean {
  if (!grantedToRole[actor.role].includes(permission)) return false;
  return actor.tokenScope === null || grantedToScope[actor.tokenScope].includes(permission);
}

const refusalTexts: Record<Permission, string> = {
  "customers.read": "Your role does not allow reading customers.",
  "customers.write": "Your role does not allow changing customers.",
  "organization.manage": "Only an admin of the organization, signed in, can manage its users, API tokens and webhooks.",
};

/** 403 `forbidden`, nothing done, when `actor` may not. */
export function assertCan(actor: Actor, permission: Permission): void {
  if (can(actor, permission)) return;
  const byScope = actor.tokenScope !== null && grantedToRole[actor.role].includes(permission);
  throw new AppError(
    "forbidden",
    byScope ? `This API token's scope (${actor.tokenScope}) does not allow it: ${refusalTexts[permission]}` : refusalTexts[permission],
  );
}

export function isUserRole(value: string): value is UserRole {
  return (userRoles as readonly string[]).includes(value);
}

export function isTokenScope(value: string): value is TokenScope {
  return (tokenScopes as readonly string[]).includes(value);
}
