/**
 * `/api/v2.1/webhooks...` as an integration's admin calls it: the answers
 * match the documented schemas, errors are the contract's, every change is
 * audited, and another organization's endpoint does not exist. (Who may call
 * them is the authorization table's test.)
 */
import {
  CreatedWebhookEndpointJson,
  WebhookDeliveryJson,
  WebhookDeliveryPageJson,
  WebhookEndpointJson,
  WebhookEndpointListJson,
} from "@cr/domain";
import { listAuditEvents } from "@cr/db/repositories";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ServerDeps } from "~/server/deps";

import { createLegacyApiClient } from "../support/legacy-api-client";
import { sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

let server: TestServer;
let deps: ServerDeps;
let api: ReturnType<typeof createLegacyApiClient>;
let entity1: Record<string, string>;
let entity2: Record<string, string>;
let receiver: WebhookReceiver;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 2 });
  // the receiver listens on 127.0.0.1: allowed as WEBHOOK_ALLOW_PRIVATE=true allows it
  deps = { ...server.deps, config: { ...server.deps.config, webhooks: { allowPrivate: true } } };
  api = createLegacyApiClient(deps);
  entity1 = sessionCookie(await sessionTokenOf(deps, "admin@entity1.test"));
  entity2 = sessionCookie(await sessionTokenOf(deps, "admin@entity2.test"));
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await server?.close();
});

const json = (body: unknown, headers: Record<string, string>) => ({
  method: "POST" as const,
  headers: { ...headers, "content-type": "application/json" },
  body: JSON.stringify(body),
});

async function createEndpoint(body: unknown = { url: receiver.url(), events: ["customer.updated"], description: "ERP" }) {
  return api.request("/api/v2.1/webhooks", json(body, entity1));
}

async function expectError(response: Response, status: number, error: string, description?: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(["error", "error_description"]);
  expect(body.error).toBe(error);
  if (description) expect(body.error_description).toBe(description);
}

describe("endpoints", () => {
  it("creates one: 201, its URL in Location, its secret shown this once", async () => {
    const response = await createEndpoint();
    expect(response.status).toBe(201);
    const created = CreatedWebhookEndpointJson.parse(await response.json());
    expect(response.headers.get("location")).toBe(`/api/v2.1/webhooks/${created.id}`);
    expect(created).toMatchObject({
      url: receiver.url(),
      events: ["customer.updated"],
      description: "ERP",
      enabled: true,
      disabledReason: null,
      failingSince: null,
    });
    expect(created.secret).toMatch(/^whsec_/);

    const list = WebhookEndpointListJson.parse(await api.getJson("/api/v2.1/webhooks", entity1));
    expect(list.data.map((endpoint) => endpoint.id)).toEqual([created.id]);
    const shown = await api.get(`/api/v2.1/webhooks/${created.id}`, entity1);
    const text = await shown.text();
    expect(WebhookEndpointJson.parse(JSON.parse(text))).toEqual(list.data[0]);
    expect(text).not.toContain(created.secret);
    expect(JSON.stringify(list)).not.toContain(created.secret);

    const [audit] = await listAuditEvents(deps.db, { organizationId: 1, limit: 1 });
    expect(audit).toMatchObject({ action: "webhook.created", target: `webhook:${created.id}`, details: { url: receiver.url() } });
    expect(JSON.stringify(audit)).not.toContain(created.secret);
  });

  it("refuses a body it cannot read and a URL it may not send to, with the contract's errors", async () => {
    const refusedWithoutPrivate = createLegacyApiClient(server.deps);
    await expectError(
      await refusedWithoutPrivate.request("/api/v2.1/webhooks", json({ url: "http://erp.example.com/", events: ["customer.updated"] }, entity1)),
      400,
      "invalid_param",
      "url must start with https:// (webhooks are never sent in clear text).",
    );
    await expectError(await createEndpoint({ events: ["customer.updated"] }), 400, "missing_param", "url parameter is missing");
    await expectError(await createEndpoint({ url: "https://erp.example.com/", events: ["order.created"] }), 400, "invalid_param");
    await expectError(await createEndpoint([1]), 400, "invalid_param_type");
    await expectError(
      await api.request("/api/v2.1/webhooks", { method: "POST", headers: entity1, body: new URLSearchParams({ url: "https://erp.example.com/" }) }),
      400,
      "invalid_param_type",
    );
    expect(WebhookEndpointListJson.parse(await api.getJson("/api/v2.1/webhooks", entity1)).data).toHaveLength(1);
  });

  it("exists from v2.1 on, and not for another organization", async () => {
    await expectError(await api.get("/api/v1.0/webhooks", entity1), 404, "not_found");
    const [endpoint] = WebhookEndpointListJson.parse(await api.getJson("/api/v2.1/webhooks", entity1)).data;
    expect(WebhookEndpointListJson.parse(await api.getJson("/api/v2.1/webhooks", entity2)).data).toEqual([]);
    await expectError(await api.get(`/api/v2.1/webhooks/${endpoint!.id}`, entity2), 404, "not_found", `The webhook with the id ${endpoint!.id} doesn't exist.`);
    await expectError(await api.request(`/api/v2.1/webhooks/${endpoint!.id}/disable`, { method: "POST", headers: entity2 }), 404, "not_found");
    await expectError(await api.request(`/api/v2.1/webhooks/${endpoint!.id}`, { method: "DELETE", headers: entity2 }), 404, "not_found");
    await expectError(await api.get("/api/v2.1/webhooks/abc", entity1), 404, "not_found");
    await expectError(await api.request("/api/v2.1/webhooks", { method: "PUT", headers: entity1 }), 405, "method_not_allowed");
  });

  it("disables and enables one, each change audited once", async () => {
    const [endpoint] = WebhookEndpointListJson.parse(await api.getJson("/api/v2.1/webhooks", entity1)).data;
    const disable = () => api.request(`/api/v2.1/webhooks/${endpoint!.id}/disable`, { method: "POST", headers: entity1 });
    const disabled = WebhookEndpointJson.parse(await (await disable()).json());
    expect(disabled).toMatchObject({ enabled: false, disabledReason: "manual", disabledAt: expect.any(String) });
    await disable();
    const enabled = await api.request(`/api/v2.1/webhooks/${endpoint!.id}/enable`, { method: "POST", headers: entity1 });
    expect(WebhookEndpointJson.parse(await enabled.json())).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    const audit = await listAuditEvents(deps.db, { organizationId: 1, limit: 2 });
    expect(audit.map(({ action, details }) => [action, details.enabled])).toEqual([
      ["webhook.updated", true],
      ["webhook.updated", false],
    ]);
  });
});

describe("test events and deliveries", () => {
  it("sends a test event and answers its attempt; lists attempts newest first, a page at a time", async () => {
    const [endpoint] = WebhookEndpointListJson.parse(await api.getJson("/api/v2.1/webhooks", entity1)).data;
    const sendTest = () => api.request(`/api/v2.1/webhooks/${endpoint!.id}/test`, { method: "POST", headers: entity1 });
    const first = await sendTest();
    expect(first.status).toBe(200);
    expect(WebhookDeliveryJson.parse(await first.json())).toMatchObject({ eventType: "webhook.test", status: "succeeded", responseStatus: 200 });
    receiver.answerWith(() => ({ status: 500 }));
    const failed = WebhookDeliveryJson.parse(await (await sendTest()).json());
    expect(failed).toMatchObject({ status: "abandoned", responseStatus: 500 });
    receiver.answerWith(() => ({ status: 200 }));
    await sendTest();

    const page = WebhookDeliveryPageJson.parse(await api.getJson(`/api/v2.1/webhooks/${endpoint!.id}/deliveries?max=2`, entity1));
    expect(page.data.map((delivery) => delivery.status)).toEqual(["succeeded", "abandoned"]);
    expect(page.next).toBe(`/api/v2.1/webhooks/${endpoint!.id}/deliveries?max=2&before=${failed.id}`);
    const last = WebhookDeliveryPageJson.parse(await api.getJson(page.next!, entity1));
    expect(last.data.map((delivery) => delivery.status)).toEqual(["succeeded"]);
    expect(last.next).toBeNull();
    await expectError(await api.get(`/api/v2.1/webhooks/${endpoint!.id}/deliveries?max=0`, entity1), 400, "invalid_param");

    // a failed attempt is sent again by hand: 202, one more attempt, due now
    const retry = await api.request(`/api/v2.1/webhooks/${endpoint!.id}/deliveries/${failed.id}/retry`, { method: "POST", headers: entity1 });
    expect(retry.status).toBe(202);
    expect(WebhookDeliveryJson.parse(await retry.json())).toMatchObject({ eventId: failed.eventId, attempt: 2, status: "pending", nextAttemptAt: expect.any(String) });
    // a successful one is not
    await expectError(
      await api.request(`/api/v2.1/webhooks/${endpoint!.id}/deliveries/${last.data[0]!.id}/retry`, { method: "POST", headers: entity1 }),
      400,
      "invalid_param",
      "Only a failed delivery can be sent again; this one is succeeded.",
    );
    await expectError(await api.request(`/api/v2.1/webhooks/${endpoint!.id}/deliveries/999999/retry`, { method: "POST", headers: entity1 }), 404, "not_found");
  });
});

describe("deleting", () => {
  it("removes the endpoint and its deliveries: 204, then 404", async () => {
    const [endpoint] = WebhookEndpointListJson.parse(await api.getJson("/api/v2.1/webhooks", entity1)).data;
    const deleted = await api.request(`/api/v2.1/webhooks/${endpoint!.id}`, { method: "DELETE", headers: entity1 });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    await expectError(await api.get(`/api/v2.1/webhooks/${endpoint!.id}`, entity1), 404, "not_found");
    await expectError(await api.get(`/api/v2.1/webhooks/${endpoint!.id}/deliveries`, entity1), 404, "not_found");
    await expectError(await api.request(`/api/v2.1/webhooks/${endpoint!.id}`, { method: "DELETE", headers: entity1 }), 404, "not_found");
    const [audit] = await listAuditEvents(deps.db, { organizationId: 1, limit: 1 });
    expect(audit).toMatchObject({ action: "webhook.deleted", target: `webhook:${endpoint!.id}` });
  });
});
