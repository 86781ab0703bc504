/**
 * `POST /j_spring_security_check`: the legacy cookie login (SPEC §2). The web
 * UI signs in through it too, so both share one kind of session.
 */
import { errors } from "@cr/domain";

import { clientAddressOf } from "../auth/client-address";
import { sessionCookieHeader } from "../auth/credentials";
import type { ServerDeps } from "../deps";
import { noteRequestUser } from "../request-scope";
import { signIn } from "../services/sign-in";
import { legacyErrorResponse, legacyJson, RateLimitedError } from "./legacy-response";
import { legacyPublicRoute, methodNotAllowed } from "./legacy-route";
import { readLegacyForm } from "./read-legacy-form";

const LOGIN_ROUTE = "/j_spring_security_check";

export function createLoginHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    POST: legacyPublicRoute(LOGIN_ROUTE, async (request: Request): Promise<Response> => {
      try {
        const deps = await getDeps();
        const form = await readLegacyForm(request, 64 * 1024);
        const field = (name: string) => form.fields.find(([key]) => key === name)?.[1];
        const email = field("j_username");
        const password = field("j_password");
        // Spring Security answered a missing field like a wrong one
        if (!email?.trim() || password === undefined) throw errors.badCredentials();

        const clientAddress = clientAddressOf(request.headers, deps.config.trustedProxies ?? 0);
        const attempt = await deps.loginThrottle.attempt({ email, clientAddress });
        if (!attempt.allowed) throw new RateLimitedError(attempt.retryAfterSeconds);

        const { token, user } = await signIn({ deps, email, password });
        noteRequestUser(user);
        await attempt.succeeded();
        return legacyJson(
          {
            success: true,
            token,
            user: { id: user.id, reference: user.reference, email: user.email, organization: user.organizationSlug },
          },
          { headers: { "set-cookie": sessionCookieHeader(token) } },
        );
      } catch (error) {
        return legacyErrorResponse(error, { path: LOGIN_ROUTE });
      }
    }),
    GET: methodNotAllowed("POST", LOGIN_ROUTE),
  };
}
