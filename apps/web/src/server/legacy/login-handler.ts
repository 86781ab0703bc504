/**
 * `POST /j_spring_security_check`: the legacy cookie login (SPEC §2). The web
 * UI signs in through it too, so both share one kind of session.
 */
import { errors } from "@cr/domain";

import { sessionCookieHeader } from "../auth/credentials";
import type { ServerDeps } from "../deps";
import { signIn } from "../services/sign-in";
import { legacyErrorResponse, legacyJson, RateLimitedError } from "./legacy-response";
import { methodNotAllowed } from "./legacy-route";
import { readLegacyForm } from "./read-legacy-form";

export function createLoginHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    POST: async (request: Request): Promise<Response> => {
      try {
        const deps = await getDeps();
        const form = await readLegacyForm(request, 64 * 1024);
        const field = (name: string) => form.fields.find(([key]) => key === name)?.[1];
        const email = field("j_username")?.trim();
        const password = field("j_password");
        // Spring Security answered a missing field like a wrong one
        if (!email || password === undefined) throw errors.badCredentials();

        // guesses are counted per account, whoever sends them
        const limit = deps.rateLimiter.hit(`login:${email.toLowerCase()}`);
        if (!limit.allowed) throw new RateLimitedError(limit.retryAfterSeconds);

        const { token, user } = await signIn({ deps, email, password });
        return legacyJson(
          {
            success: true,
            token,
            user: { id: user.id, reference: user.reference, email: user.email, organization: user.organizationSlug },
          },
          { headers: { "set-cookie": sessionCookieHeader(token) } },
        );
      } catch (error) {
        return legacyErrorResponse(error, { url: request.url });
      }
    },
    GET: methodNotAllowed("POST"),
  };
}
