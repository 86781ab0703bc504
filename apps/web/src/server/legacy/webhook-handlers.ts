/**
 * `/api/v2.1/webhooks...`: an organization's webhook endpoints, for its
 * admins (signed in: a token never manages them, authorization.ts). Thin:
 * decode the path and body, call the service, answer its JSON; errors in the
 * contract's `{error, error_description}`.
 *
 * - `GET /webhooks`: the endpoints, without secrets; `POST /webhooks` with
 *   `{"url", "events", "description"}`: 201, the endpoint and its `secret`,
 *   shown this once.
 * - `GET /webhooks/{id}`, `DELETE /webhooks/{id}` (204).
 * - `POST /webhooks/{id}/enable`, `/disable`: the endpoint as it is then.
 * - `POST /webhooks/{id}/test`: a `webhook.test` event sent at once; 200 with the attempt.
 * - `GET /webhooks/{id}/deliveries?max=&before=`: the attempts, newest first.
 * - `POST /webhooks/{id}/deliveries/{deliveryId}/retry`: 202 with the attempt scheduled.
 */
import {
  AppError,
  appErrorFromZodError,
  decodeWebhookDeliveryQuery,
  errors,
  type LegacyApiVersion,
  NewWebhookEndpointInput,
  toWebhookDeliveryJson,
  toWebhookEndpointJson,
} from "@cr/domain";

import type { ServerDeps } from "../deps";
import { readRequestBody } from "../read-request-body";
import { createWebhookEndpoint } from "../services/webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "../services/webhooks/delete-webhook-endpoint";
import { disableWebhookEndpoint } from "../services/webhooks/disable-webhook-endpoint";
import { enableWebhookEndpoint } from "../services/webhooks/enable-webhook-endpoint";
import { getWebhookEndpoint } from "../services/webhooks/find-webhook-endpoint";
import { listWebhookDeliveries } from "../services/webhooks/list-webhook-deliveries";
import { listWebhookEndpoints } from "../services/webhooks/list-webhook-endpoints";
import { retryWebhookDelivery } from "../services/webhooks/retry-webhook-delivery";
import { sendWebhookTest } from "../services/webhooks/send-webhook-test";
import { assertJsonContent } from "./customer-batch-handlers";
import { legacyJson } from "./legacy-response";
import { legacyApiRoute, type LegacyRequestContext, methodNotAllowed } from "./legacy-route";

/** The API version that introduced webhooks. */
const WEBHOOKS_API_VERSION: LegacyApiVersion = "v2.1";

type EndpointParams = { version: string; id: string };
type DeliveryParams = EndpointParams & { deliveryId: string };

function assertWebhooksVersion(apiVersion: LegacyApiVersion): void {
  if (apiVersion !== WEBHOOKS_API_VERSION) throw errors.notFound("resource", "webhooks");
}

/** A path's id: digits, else no such object (404, as any unknown id). */
function rowId(text: string, label: string): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) === 0) throw errors.notFound(label, text);
  return Number(text);
}

/** An admin route on one endpoint: version checked, the endpoint's id read from the path. */
function endpointRoute<Params extends EndpointParams>(
  getDeps: () => Promise<ServerDeps>,
  pattern: string,
  handle: (context: LegacyRequestContext<Params> & { endpointId: number }) => Promise<Response>,
) {
  return legacyApiRoute<Params>(getDeps, pattern, (context) => {
    assertWebhooksVersion(context.apiVersion);
    return handle({ ...context, endpointId: rowId(context.params.id, "webhook") });
  });
}

async function readEndpointInput(request: Request, deps: ServerDeps) {
  assertJsonContent(request.headers.get("content-type"));
  const body = await readRequestBody(request, deps.config.maxRequestBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new AppError("invalid_param_type", 'The request body must be JSON: {"url": "https://...", "events": ["customer.updated"]}.');
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AppError("invalid_param_type", 'The request body must be a JSON object: {"url": "https://...", "events": ["customer.updated"]}.');
  }
  // absent is missing, as the form's parameters are; present and wrong is the schema's to say
  for (const name of ["url", "events"]) if ((parsed as Record<string, unknown>)[name] == null) throw errors.missingParam(name);
  const result = NewWebhookEndpointInput.safeParse(parsed);
  if (!result.success) throw appErrorFromZodError(result.error);
  return result.data;
}

const COLLECTION_ROUTE = "/api/{version}/webhooks";
const ENDPOINT_ROUTE = "/api/{version}/webhooks/{id}";
const ENABLE_ROUTE = "/api/{version}/webhooks/{id}/enable";
const DISABLE_ROUTE = "/api/{version}/webhooks/{id}/disable";
const TEST_ROUTE = "/api/{version}/webhooks/{id}/test";
const DELIVERIES_ROUTE = "/api/{version}/webhooks/{id}/deliveries";
const RETRY_ROUTE = "/api/{version}/webhooks/{id}/deliveries/{deliveryId}/retry";

/** 405 for every method of `route` but those served. */
function otherMethods<Served extends string>(served: readonly Served[], allow: Parameters<typeof methodNotAllowed>[0], route: string) {
  const refusal = methodNotAllowed(allow, route);
  const all = { GET: refusal, POST: refusal, PUT: refusal, PATCH: refusal, DELETE: refusal };
  for (const method of served) delete all[method as keyof typeof all];
  return all as Omit<typeof all, Served>;
}

export function createWebhookCollectionHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    GET: legacyApiRoute<{ version: string }>(getDeps, COLLECTION_ROUTE, async ({ deps, user, apiVersion }) => {
      assertWebhooksVersion(apiVersion);
      const endpoints = await listWebhookEndpoints({ deps, actor: user });
      return legacyJson({ data: endpoints.map(toWebhookEndpointJson) });
    }),
    POST: legacyApiRoute<{ version: string }>(getDeps, COLLECTION_ROUTE, async ({ request, deps, user, apiVersion }) => {
      assertWebhooksVersion(apiVersion);
      const created = await createWebhookEndpoint({ deps, actor: user, endpoint: await readEndpointInput(request, deps) });
      return legacyJson(
        { ...toWebhookEndpointJson(created), secret: created.secret },
        { status: 201, headers: { location: `/api/${apiVersion}/webhooks/${created.id}` } },
      );
    }),
    ...otherMethods(["GET", "POST"], "GET, POST", COLLECTION_ROUTE),
  };
}

export function createWebhookEndpointHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    GET: endpointRoute<EndpointParams>(getDeps, ENDPOINT_ROUTE, async ({ deps, user, endpointId }) => {
      return legacyJson(toWebhookEndpointJson(await getWebhookEndpoint({ deps, actor: user, endpointId })));
    }),
    DELETE: endpointRoute<EndpointParams>(getDeps, ENDPOINT_ROUTE, async ({ deps, user, endpointId }) => {
      await deleteWebhookEndpoint({ deps, actor: user, endpointId });
      return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
    }),
    ...otherMethods(["GET", "DELETE"], "GET, DELETE", ENDPOINT_ROUTE),
  };
}

export function createWebhookEnableHandlers(getDeps: () => Promise<ServerDeps>, enabled: boolean) {
  const route = enabled ? ENABLE_ROUTE : DISABLE_ROUTE;
  return {
    POST: endpointRoute<EndpointParams>(getDeps, route, async ({ deps, user, endpointId }) => {
      const change = enabled ? enableWebhookEndpoint : disableWebhookEndpoint;
      return legacyJson(toWebhookEndpointJson(await change({ deps, actor: user, endpointId })));
    }),
    ...otherMethods(["POST"], "POST", route),
  };
}

export function createWebhookTestHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    POST: endpointRoute<EndpointParams>(getDeps, TEST_ROUTE, async ({ deps, user, endpointId }) => {
      return legacyJson(toWebhookDeliveryJson(await sendWebhookTest({ deps, actor: user, endpointId })));
    }),
    ...otherMethods(["POST"], "POST", TEST_ROUTE),
  };
}

export function createWebhookDeliveryHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    GET: endpointRoute<EndpointParams>(getDeps, DELIVERIES_ROUTE, async ({ request, deps, user, endpointId, query }) => {
      const decoded = decodeWebhookDeliveryQuery(query);
      const page = await listWebhookDeliveries({ deps, actor: user, endpointId, query: decoded });
      let next: string | null = null;
      if (page.nextBefore !== undefined) {
        const url = new URL(request.url);
        const nextQuery = new URLSearchParams({ max: String(decoded.max), before: String(page.nextBefore) });
        next = `${url.pathname}?${nextQuery.toString()}`;
      }
      return legacyJson({ data: page.deliveries.map(toWebhookDeliveryJson), next });
    }),
    ...otherMethods(["GET"], "GET", DELIVERIES_ROUTE),
  };
}

export function createWebhookRetryHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    POST: endpointRoute<DeliveryParams>(getDeps, RETRY_ROUTE, async ({ deps, user, endpointId, params }) => {
      const deliveryId = rowId(params.deliveryId, "webhook delivery");
      return legacyJson(toWebhookDeliveryJson(await retryWebhookDelivery({ deps, actor: user, endpointId, deliveryId })), { status: 202 });
    }),
    ...otherMethods(["POST"], "POST", RETRY_ROUTE),
  };
}
