/**
 * Who is calling: `Authorization: Bearer <api token>` (integrations) or the
 * `JSESSIONID` cookie of a sign-in (legacy clients and the web UI share it).
 */
import { errors } from "@cr/domain";
import { type AuthenticatedUser, findUserByApiToken, findUserBySessionToken } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { noteRequestUser } from "../request-scope";

export const SESSION_COOKIE = "JSESSIONID";

export function readSessionCookie(headers: Headers): string | undefined {
  const cookie = headers.get("cookie");
  if (!cookie) return undefined;
  for (const part of cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

function readBearerToken(headers: Headers): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1];
}

async function findCredentialUser(deps: ServerDeps, headers: Headers): Promise<AuthenticatedUser | undefined> {
  const now = deps.now();
  const bearer = readBearerToken(headers);
  if (bearer) return findUserByApiToken(deps.db, bearer, now);
  const session = readSessionCookie(headers);
  if (session) return findUserBySessionToken(deps.db, session, now);
  return undefined;
}

/**
 * The signed-in user, or undefined when the request carries no valid
 * credential. Every door authenticates here, so the request's log line
 * learns who is calling here too.
 */
export async function findRequestUser(deps: ServerDeps, headers: Headers): Promise<AuthenticatedUser | undefined> {
  const user = await findCredentialUser(deps, headers);
  noteRequestUser(user);
  return user;
}

/** The signed-in user; 401 `unauthorized` when credentials are missing, expired or revoked. */
export async function requireRequestUser(deps: ServerDeps, headers: Headers): Promise<AuthenticatedUser> {
  const user = await findRequestUser(deps, headers);
  if (!user) throw errors.authenticationRequired();
  return user;
}

export function sessionCookieHeader(token: string): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax`;
}

export function clearedSessionCookieHeader(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
