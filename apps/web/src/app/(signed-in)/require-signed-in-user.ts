import type { AuthenticatedUser } from "@cr/db/repositories";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import { findRequestUser } from "~/server/auth/credentials";
import { getServerDeps } from "~/server/deps";

/**
 * The signed-in user, or a redirect to the sign-in page. The layout checks it
 * on a full load; each page checks it too, because a client-side navigation
 * renders the page without its layout. Looked up once per request.
 */
export const requireSignedInUser = cache(async (): Promise<AuthenticatedUser> => {
  const user = await findRequestUser(await getServerDeps(), await headers());
  if (!user) redirect("/sign-in");
  return user;
});
