/**
 * Shorthands for the customer routes and the login of the legacy API, on top
 * of the path router of `legacy-api-client.ts` (real `Request` objects, the
 * same handler factories as the route files).
 */
import type { ServerDeps } from "~/server/deps";

import { createLegacyApiClient, type LegacyRequest } from "./legacy-api-client";

export interface LegacyCall extends LegacyRequest {
  version?: string;
  /** `{ id: "256" }` for `/customers/256`, `{ reference: "NC-3" }` for `/customers/reference/NC-3`. */
  customer: { id: string } | { reference: string };
}

export function createLegacyClient(deps: ServerDeps) {
  const api = createLegacyApiClient(deps);
  return {
    call({ version = "v1.0", customer, ...request }: LegacyCall): Promise<Response> {
      const tail = "id" in customer ? customer.id : `reference/${encodeURIComponent(customer.reference)}`;
      return api.request(`/api/${version}/customers/${tail}`, request);
    },

    /** `headers` carries the client's address (`x-forwarded-for`) where a test needs one. */
    login(fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
      return api.request("/j_spring_security_check", { method: "POST", headers, body: new URLSearchParams(fields) });
    },
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function sessionCookie(token: string): Record<string, string> {
  return { cookie: `JSESSIONID=${token}` };
}
