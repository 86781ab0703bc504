/**
 * Calls the legacy route handlers the way Next does: a real `Request` and a
 * `params` promise, through the same handler factories the routes export.
 */
import type { ServerDeps } from "~/server/deps";
import { createLegacyCustomerHandlers } from "~/server/legacy/customer-handlers";
import { createLoginHandlers } from "~/server/legacy/login-handler";

import { PUBLIC_BASE_URL } from "./test-server";

export type LegacyBody = URLSearchParams | FormData | string;

export interface LegacyCall {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  version?: string;
  /** `{ id: "256" }` for `/customers/256`, `{ reference: "NC-3" }` for `/customers/reference/NC-3`. */
  customer: { id: string } | { reference: string };
  body?: LegacyBody;
  headers?: Record<string, string>;
}

export function createLegacyClient(deps: ServerDeps) {
  const getDeps = () => Promise.resolve(deps);
  const byId = createLegacyCustomerHandlers<{ version: string; id: string }>(getDeps);
  const byReference = createLegacyCustomerHandlers<{ version: string; reference: string }>(getDeps);
  const login = createLoginHandlers(getDeps);

  return {
    async call({ method = "GET", version = "v1.0", customer, body, headers = {} }: LegacyCall): Promise<Response> {
      const pathTail = "id" in customer ? customer.id : `reference/${encodeURIComponent(customer.reference)}`;
      const request = new Request(`${PUBLIC_BASE_URL}/api/${version}/customers/${pathTail}`, {
        method,
        headers,
        body: method === "GET" ? undefined : body,
      });
      if ("id" in customer) {
        return byId[method](request, { params: Promise.resolve({ version, id: customer.id }) });
      }
      return byReference[method](request, { params: Promise.resolve({ version, reference: customer.reference }) });
    },

    async login(fields: Record<string, string>): Promise<Response> {
      return login.POST(
        new Request(`${PUBLIC_BASE_URL}/j_spring_security_check`, {
          method: "POST",
          body: new URLSearchParams(fields),
        }),
      );
    },
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function sessionCookie(token: string): Record<string, string> {
  return { cookie: `JSESSIONID=${token}` };
}
