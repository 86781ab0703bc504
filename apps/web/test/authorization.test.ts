/**
 * Who may do what, on every door, as one table: every tRPC procedure (read
 * from the router) and every legacy route and method (read from the legacy
 * route table), for each role signed in and through each token scope. A
 * procedure or route added without a rule here fails the first tests.
 *
 * The expected answers are written out by hand (`allowedTo`), not computed
 * from the rule set they check.
 */
import { type AuthenticatedUser, createApiToken, createSession, createUser, findUserForLogin } from "@cr/db/repositories";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createCustomerImportHandlers } from "~/server/imports/customer-import-handler";
import { createLegacyRouteHandlers, legacyMethods } from "~/server/legacy/legacy-routes";
import { createWebhookEndpoint } from "~/server/services/webhooks/create-webhook-endpoint";
import { sendWebhookTest } from "~/server/services/webhooks/send-webhook-test";
import { createTRPCContext } from "~/server/trpc/init";
import { appRouter, createCaller } from "~/server/trpc/root";

import { createLegacyApiClient } from "./support/legacy-api-client";
import { startTestServer, type TestServer } from "./support/test-server";

const credentials = [
  "admin session",
  "admin write token",
  "admin read token",
  "editor session",
  "editor write token",
  "editor read token",
  "viewer session",
  "viewer write token",
  "viewer read token",
] as const;
type Credential = (typeof credentials)[number];

/** Who may, for each kind of request. */
const allowedTo = {
  /** The sign-in itself, which takes no credential. */
  public: [],
  "sign in": credentials,
  read: credentials,
  write: ["admin session", "admin write token", "editor session", "editor write token"],
  manage: ["admin session"],
} satisfies Record<string, readonly Credential[]>;
type Rule = keyof typeof allowedTo;

/** A throwaway user, token and webhook endpoints (one to delete) for the admin procedures and routes to act on. */
let target: {
  userId: number;
  tokenId: number;
  webhookId: number;
  /** One for `webhook.delete`, one for `DELETE /api/v2.1/webhooks/{id}`. */
  webhooksToDelete: [number, number];
  failedDeliveryId: number;
};

const procedureRules: Record<string, { rule: Rule; input: () => unknown }> = {
  "auth.me": { rule: "sign in", input: () => undefined },
  "auth.signOut": { rule: "sign in", input: () => undefined },
  "customer.update": { rule: "write", input: () => ({ id: 256, patch: { comment: `checked at ${Date.now()}` } }) },
  "customer.bulkUpdate": { rule: "write", input: () => ({ selection: { ids: [256] }, patch: { onHold: true }, preview: true }) },
  "customer.uploadLogo": {
    rule: "write",
    input: () => {
      const form = new FormData();
      form.set("id", "256");
      form.set("imageFile", new File(["not a picture"], "logo.png"));
      return form;
    },
  },
  "customer.byId": { rule: "read", input: () => ({ id: 256 }) },
  "customer.list": { rule: "read", input: () => ({}) },
  "customer.history": { rule: "read", input: () => ({ id: 256 }) },
  "organization.current": { rule: "sign in", input: () => undefined },
  "reference.options": { rule: "read", input: () => ({ kind: "customerCategory" }) },
  "user.list": { rule: "manage", input: () => undefined },
  "user.create": {
    rule: "manage",
    input: () => ({ email: "new.hire@entity1.test", name: "New Hire", reference: "emp-new", password: "new-hire-password", role: "viewer" }),
  },
  "user.changeRole": { rule: "manage", input: () => ({ userId: target.userId, role: "editor" }) },
  "user.deactivate": { rule: "manage", input: () => ({ userId: target.userId }) },
  "apiToken.list": { rule: "manage", input: () => undefined },
  "apiToken.create": { rule: "manage", input: () => ({ name: "ERP", scope: "read", ownerUserId: 1, expiresInDays: null }) },
  "apiToken.revoke": { rule: "manage", input: () => ({ tokenId: target.tokenId }) },
  "audit.list": { rule: "manage", input: () => ({}) },
  "webhook.list": { rule: "manage", input: () => undefined },
  "webhook.create": { rule: "manage", input: () => ({ url: "https://erp.example.com/hooks", events: ["customer.updated"], description: "ERP" }) },
  "webhook.enable": { rule: "manage", input: () => ({ endpointId: target.webhookId }) },
  "webhook.disable": { rule: "manage", input: () => ({ endpointId: target.webhookId }) },
  "webhook.deliveries": { rule: "manage", input: () => ({ endpointId: target.webhookId }) },
  "webhook.retryDelivery": { rule: "manage", input: () => ({ endpointId: target.webhookId, deliveryId: target.failedDeliveryId }) },
  "webhook.sendTest": { rule: "manage", input: () => ({ endpointId: target.webhookId }) },
  "webhook.delete": { rule: "manage", input: () => ({ endpointId: target.webhooksToDelete[0] }) },
};

type LegacyRouteFile = keyof ReturnType<typeof createLegacyRouteHandlers>;
type LegacyRuleMethod = "GET" | "POST" | "DELETE";
interface LegacyRule {
  rule: Rule;
  /** A function when it names an object made in `beforeAll`. */
  path: string | (() => string);
  form?: Record<string, string>;
  json?: unknown;
  /** The answer to whoever may (200 unless said). */
  status?: number;
}
const pathOf = (rule: LegacyRule) => (typeof rule.path === "string" ? rule.path : rule.path());
const webhookPath = (suffix = "") => () => `/api/v2.1/webhooks/${target.webhookId}${suffix}`;

/** Each route's methods that do something, with a path and body; every other method answers 405 to anybody. */
const legacyRules: Record<LegacyRouteFile, Partial<Record<LegacyRuleMethod, LegacyRule>>> = {
  j_spring_security_check: { POST: { rule: "public", path: "/j_spring_security_check" } },
  "api/[version]/customers": { GET: { rule: "read", path: "/api/v1.0/customers" } },
  "api/[version]/customers/batch": { POST: { rule: "write", path: "/api/v2.1/customers/batch" } },
  "api/[version]/customers.csv": { GET: { rule: "read", path: "/api/v1.0/customers.csv" } },
  "api/[version]/events": { GET: { rule: "read", path: "/api/v2.1/events" } },
  "api/[version]/customers/[id]": {
    GET: { rule: "read", path: "/api/v1.0/customers/256" },
    POST: { rule: "write", path: "/api/v1.0/customers/256", form: { comment: "by id" } },
  },
  "api/[version]/customers/reference/[reference]": {
    GET: { rule: "read", path: "/api/v1.0/customers/reference/NC-3" },
    POST: { rule: "write", path: "/api/v1.0/customers/reference/NC-3", form: { comment: "by reference" } },
  },
  "api/[version]/customers/[id]/history": { GET: { rule: "read", path: "/api/v1.0/customers/256/history" } },
  "api/[version]/customers/reference/[reference]/history": { GET: { rule: "read", path: "/api/v1.0/customers/reference/NC-3/history" } },
  "api/[version]/customerCategories/[id]": { GET: { rule: "read", path: "/api/v1.0/customerCategories/2" } },
  "api/[version]/customerCategories/reference/[reference]": { GET: { rule: "read", path: "/api/v1.0/customerCategories/reference/jewelry" } },
  "api/[version]/customerSegmentations/[id]": { GET: { rule: "read", path: "/api/v1.0/customerSegmentations/1" } },
  "api/[version]/customerSegmentations/reference/[reference]": {
    GET: { rule: "read", path: "/api/v1.0/customerSegmentations/reference/seg_a" },
  },
  "api/[version]/paymentTypes/[id]": { GET: { rule: "read", path: "/api/v1.0/paymentTypes/7" } },
  "api/[version]/paymentTypes/reference/[reference]": { GET: { rule: "read", path: "/api/v1.0/paymentTypes/reference/cash" } },
  "api/[version]/regions/[id]": { GET: { rule: "read", path: "/api/v1.0/regions/2" } },
  "api/[version]/regions/reference/[reference]": { GET: { rule: "read", path: "/api/v1.0/regions/reference/us-ca" } },
  "api/[version]/users/[id]": { GET: { rule: "read", path: "/api/v1.0/users/2" } },
  "api/[version]/users/reference/[reference]": { GET: { rule: "read", path: "/api/v1.0/users/reference/emp-002" } },
  "api/[version]/webhooks": {
    GET: { rule: "manage", path: "/api/v2.1/webhooks" },
    POST: { rule: "manage", path: "/api/v2.1/webhooks", json: { url: "https://erp.example.com/legacy", events: ["customer.updated"] }, status: 201 },
  },
  "api/[version]/webhooks/[id]": {
    GET: { rule: "manage", path: webhookPath() },
    DELETE: { rule: "manage", path: () => `/api/v2.1/webhooks/${target.webhooksToDelete[1]}`, status: 204 },
  },
  "api/[version]/webhooks/[id]/enable": { POST: { rule: "manage", path: webhookPath("/enable") } },
  "api/[version]/webhooks/[id]/disable": { POST: { rule: "manage", path: webhookPath("/disable") } },
  "api/[version]/webhooks/[id]/test": { POST: { rule: "manage", path: webhookPath("/test") } },
  "api/[version]/webhooks/[id]/deliveries": { GET: { rule: "manage", path: webhookPath("/deliveries") } },
  "api/[version]/webhooks/[id]/deliveries/[deliveryId]/retry": {
    POST: { rule: "manage", path: () => `/api/v2.1/webhooks/${target.webhookId}/deliveries/${target.failedDeliveryId}/retry`, status: 202 },
  },
};

let server: TestServer;
const actors = {} as Record<Credential, AuthenticatedUser>;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 3 });
  for (const role of ["admin", "editor", "viewer"] as const) {
    const user = (await findUserForLogin(server.deps.db, `${role}@entity1.test`))!;
    actors[`${role} session`] = { ...user, tokenScope: null };
    actors[`${role} write token`] = { ...user, tokenScope: "write" };
    actors[`${role} read token`] = { ...user, tokenScope: "read" };
  }
  const throwaway = await createUser(server.deps.db, {
    organizationId: 1,
    email: "temp@entity1.test",
    password: "temp-password",
    reference: "emp-temp",
    role: "viewer",
  });
  const token = await createApiToken(server.deps.db, { userId: throwaway.id, organizationId: 1, name: "temp", scope: "read", expiresAt: null });
  // endpoints whose deliveries fail at once (`.invalid` never resolves), and one failed delivery to send again
  const adminSession = actors["admin session"];
  const webhook = (url: string) =>
    createWebhookEndpoint({ deps: server.deps, actor: adminSession, endpoint: { url, events: ["customer.updated"], description: "" } });
  const endpoint = await webhook("https://webhooks.invalid/a");
  const toDelete = [await webhook("https://webhooks.invalid/b"), await webhook("https://webhooks.invalid/c")];
  const failed = await sendWebhookTest({ deps: server.deps, actor: adminSession, endpointId: endpoint.id });
  target = {
    userId: throwaway.id,
    tokenId: token.id,
    webhookId: endpoint.id,
    webhooksToDelete: [toDelete[0]!.id, toDelete[1]!.id],
    failedDeliveryId: failed.id,
  };
});

afterAll(async () => {
  await server?.close();
});

/** A fresh credential of `credential`'s kind (signing out ends one), as request headers. */
async function headersOf(credential: Credential): Promise<Record<string, string>> {
  const actor = actors[credential];
  if (actor.tokenScope === null) {
    const { token } = await createSession(server.deps.db, { user: actor, expiresAt: new Date(Date.now() + 600_000) });
    return { cookie: `JSESSIONID=${token}` };
  }
  const { token } = await createApiToken(server.deps.db, {
    userId: actor.id,
    organizationId: actor.organizationId,
    name: credential,
    scope: actor.tokenScope,
    expiresAt: null,
  });
  return { authorization: `Bearer ${token}` };
}

async function customer256Version(): Promise<string | null> {
  const response = await createLegacyApiClient(server.deps).get("/api/v1.0/customers/256", await headersOf("admin session"));
  return response.headers.get("etag");
}

describe("the rules cover every door", () => {
  it("every tRPC procedure has a rule", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(procedureRules).sort());
  });

  it("every legacy route has its rules", () => {
    expect(Object.keys(createLegacyRouteHandlers(() => Promise.resolve(server.deps))).sort()).toEqual(Object.keys(legacyRules).sort());
  });
});

describe("tRPC: each procedure for each role and token scope", () => {
  for (const [procedure, { rule, input }] of Object.entries(procedureRules)) {
    it(`${procedure}: ${rule}`, async () => {
      for (const credential of credentials) {
        const caller = createCaller(await createTRPCContext({ deps: server.deps, headers: new Headers(await headersOf(credential)) }));
        const call = procedure.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
          input: unknown,
        ) => Promise<unknown>;
        const outcome = await call(input()).then(
          () => "ok",
          (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
        );
        const allowed = (allowedTo[rule] as readonly Credential[]).includes(credential);
        if (allowed) expect(outcome, `${procedure} as ${credential}`).not.toMatch(/^(FORBIDDEN|UNAUTHORIZED)$/);
        else expect(outcome, `${procedure} as ${credential}`).toBe("FORBIDDEN");
      }
    });
  }
});

describe("the legacy API: each route and method for each role and token scope", () => {
  for (const [file, rules] of Object.entries(legacyRules)) {
    it(file, async () => {
      const client = createLegacyApiClient(server.deps);
      const handlers = createLegacyRouteHandlers(() => Promise.resolve(server.deps))[file as LegacyRouteFile];
      for (const method of legacyMethods) {
        if (!(method in handlers)) continue;
        const ruleOfMethod = rules[method as LegacyRuleMethod];
        const path = pathOf(ruleOfMethod ?? Object.values(rules)[0]!);
        for (const credential of credentials) {
          const label = `${method} ${path} as ${credential}`;
          // the sign-in reads no credential: its own tests (customer-api, login-throttle) are its rules
          if (ruleOfMethod?.rule === "public") continue;
          const versionBefore = await customer256Version();
          const body = ruleOfMethod?.form
            ? new URLSearchParams(ruleOfMethod.form)
            : file.endsWith("batch")
              ? JSON.stringify({ items: [{ id: 256, comment: `batch as ${credential}` }] })
              : ruleOfMethod?.json !== undefined
                ? JSON.stringify(ruleOfMethod.json)
                : undefined;
          const headers: Record<string, string> = { ...(await headersOf(credential)) };
          if (file.endsWith("batch") || ruleOfMethod?.json !== undefined) headers["content-type"] = "application/json";
          const response = await client.request(path, { method, headers, body });
          if (!ruleOfMethod) {
            expect(response.status, label).toBe(405);
            continue;
          }
          if ((allowedTo[ruleOfMethod.rule] as readonly Credential[]).includes(credential)) {
            expect(response.status, label).toBe(ruleOfMethod.status ?? 200);
            continue;
          }
          expect(response.status, label).toBe(403);
          const answer = (await response.json()) as Record<string, unknown>;
          expect(Object.keys(answer), label).toEqual(["error", "error_description"]);
          expect(answer.error, label).toBe("forbidden");
          expect(await customer256Version(), `${label} changed nothing`).toBe(versionBefore);
        }
      }
    });
  }

  it("the CSV import: 403 before the upload is read, for whoever may not write", async () => {
    const handlers = createCustomerImportHandlers(() => Promise.resolve(server.deps));
    for (const credential of credentials) {
      const response = await handlers.POST(
        new Request("http://records.test/api/customer-import?mode=preview", {
          method: "POST",
          headers: { ...(await headersOf(credential)), "content-type": "text/csv" },
          body: "id,comment\n256,imported\n",
        }),
      );
      const allowed = (allowedTo.write as readonly Credential[]).includes(credential);
      expect(response.status, credential).toBe(allowed ? 200 : 403);
      await response.text();
    }
  });
});
