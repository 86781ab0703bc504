import { errors } from "@cr/domain";
import { type AuthenticatedUser, createSession, findUserForLogin, markUserSignedIn, revokeSession } from "@cr/db/repositories";
import { UNKNOWN_USER_PASSWORD_HASH, verifyPassword } from "@cr/db/secrets";

import type { ServerDeps } from "../deps";

/**
 * Checks an e-mail and password and opens a session. An unknown e-mail costs
 * the same password check as a known one, so the answer and its timing never
 * tell whether an account exists.
 */
export async function signIn(options: {
  deps: ServerDeps;
  email: string;
  password: string;
}): Promise<{ token: string; user: AuthenticatedUser }> {
  const { deps } = options;
  const found = await findUserForLogin(deps.db, options.email);
  const passwordMatches = await verifyPassword(options.password, found?.passwordHash ?? UNKNOWN_USER_PASSWORD_HASH);
  if (!found || !passwordMatches) throw errors.badCredentials();

  const { passwordHash: _passwordHash, ...user } = found;
  const expiresAt = new Date(deps.now().getTime() + deps.config.sessionTtlHours * 3_600_000);
  const { token } = await createSession(deps.db, { user, expiresAt });
  await markUserSignedIn(deps.db, { userId: user.id, now: deps.now() });
  return { token, user };
}

export async function signOut(options: { deps: ServerDeps; token: string }): Promise<void> {
  await revokeSession(options.deps.db, options.token, options.deps.now());
}
