/**
 * Webhooks: URLs of an organization that each of its events is POSTed to,
 * signed as the Standard Webhooks specification says. Here: what an admin
 * sends to create one (one schema for the admin page's form and the API),
 * the JSON the API answers, the retry schedule and the reading of a
 * receiver's `Retry-After`. The sending itself lives in apps/web
 * (`server/webhooks/`).
 */
import { z } from "zod";

import { customerEventTypes } from "./customer-events";
import { errors, errorTexts } from "./errors";
import { apiWording, storableText } from "./field-kinds";

/** The events an endpoint can subscribe to. */
export const webhookEventTypes = customerEventTypes;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The type of the event an admin sends to try an endpoint; nothing changed. */
export const webhookTestEventType = "webhook.test";

export const webhookUrlMaxLength = 2048;
export const webhookDescriptionMaxLength = 255;

const urlTexts = {
  notUrl: "url must be an absolute URL such as https://erp.example.com/hooks/records.",
  notHttps: "url must start with https:// (webhooks are never sent in clear text).",
};

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === "https:" || protocol === "http:";
}

/**
 * What an admin sends to create an endpoint (`POST /api/v2.1/webhooks`, the
 * admin page's form). An `http://` URL passes this schema; the service
 * refuses it unless WEBHOOK_ALLOW_PRIVATE is set (`assertWebhookUrlScheme`).
 */
export const NewWebhookEndpointInput = z.object({
  url: storableText(apiWording("url"))
    .trim()
    .min(1, { error: errorTexts.missingParam("url") })
    .max(webhookUrlMaxLength, { error: `url must be at most ${webhookUrlMaxLength} characters.` })
    .refine(isHttpUrl, { error: urlTexts.notUrl })
    .meta({ description: "Where the events are POSTed: an `https://` URL.", examples: ["https://erp.example.com/hooks/records"] }),
  events: z
    .array(z.enum(webhookEventTypes, { error: `events can hold ${webhookEventTypes.join(", ")}.` }), {
      error: errorTexts.invalidParamType("events"),
    })
    .min(1, { error: errorTexts.missingParam("events") })
    .transform((types) => [...new Set(types)])
    .meta({ description: "The event types to send.", examples: [["customer.updated"]] }),
  description: storableText(apiWording("description"))
    .trim()
    .max(webhookDescriptionMaxLength, { error: `description must be at most ${webhookDescriptionMaxLength} characters.` })
    .default("")
    .meta({ description: "What the endpoint is for, for the admins who read the list." }),
});
export type NewWebhookEndpointInput = z.input<typeof NewWebhookEndpointInput>;
export type NewWebhookEndpoint = z.output<typeof NewWebhookEndpointInput>;

/** `https://` only, unless WEBHOOK_ALLOW_PRIVATE lifts it (local development, tests). */
export function assertWebhookUrlScheme(url: string, options: { allowPrivate: boolean }): void {
  const { protocol } = new URL(url);
  if (protocol === "https:" || (options.allowPrivate && protocol === "http:")) return;
  throw errors.invalidParam("url", urlTexts.notHttps);
}

export const webhookDisabledReasons = ["manual", "gone", "failing"] as const;
export type WebhookDisabledReason = (typeof webhookDisabledReasons)[number];

/**
 * An attempt to send one event to one endpoint. `failed`: this attempt
 * failed and the next one is scheduled (another row); `abandoned`: it failed
 * and none follows (the schedule is spent, the endpoint answered 410, or it
 * was a test event): a delivery failed for good, which an admin can send
 * again by hand.
 */
export const webhookDeliveryStatuses = ["pending", "sending", "succeeded", "failed", "abandoned"] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** Seconds to wait after attempt 1, 2, ... fails: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const defaultWebhookRetryScheduleSeconds: readonly number[] = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400];

/**
 * WEBHOOK_RETRY_SCHEDULE: seconds, comma-separated (`5,300,1800`; decimals
 * allowed, for tests), replacing the default. Undefined for a text that is
 * not such a list.
 */
export function parseWebhookRetrySchedule(text: string): number[] | undefined {
  const parts = text.split(",").map((part) => part.trim());
  if (!parts.every((part) => /^\d+(\.\d+)?$/.test(part))) return undefined;
  return parts.map(Number);
}

/** Each delay is drawn between 90 % and 110 % of the schedule's, so that endpoints failing together do not retry in step. */
const JITTER = 0.1;

/**
 * How long to wait before the attempt after `attempt` (1 = the first), or
 * undefined when the schedule is spent: the delivery then failed for good.
 */
export function webhookRetryDelayMs(attempt: number, schedule: readonly number[], random: () => number = Math.random): number | undefined {
  const seconds = schedule[attempt - 1];
  if (seconds === undefined) return undefined;
  return Math.round(seconds * 1000 * (1 - JITTER + 2 * JITTER * random()));
}

/** A receiver cannot hold a delivery back longer than this with `Retry-After`. */
export const webhookRetryAfterMaxMs = 24 * 3600_000;

/**
 * A `Retry-After` header (RFC 9110: delay-seconds or an HTTP-date) as a
 * delay from `now`, at most 24 hours; undefined when absent or unreadable.
 */
export function retryAfterDelayMs(header: string | null | undefined, now: Date): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  let delay: number;
  if (/^\d{1,10}$/.test(value)) delay = Number(value) * 1000;
  else {
    const date = Date.parse(value);
    // an HTTP-date names its day and its zone (`Wed, 21 Oct 2026 07:28:00 GMT`); a bare number or word is no date
    if (Number.isNaN(date) || !/GMT$/i.test(value)) return undefined;
    delay = date - now.getTime();
  }
  return Math.min(Math.max(delay, 0), webhookRetryAfterMaxMs);
}

/** The body of a test event: no customer, the endpoint it was sent to. */
export function webhookTestEventJson(event: { id: string; createdAt: Date; endpointId: number }) {
  return {
    id: event.id,
    type: webhookTestEventType,
    createdAt: event.createdAt.toISOString(),
    data: { endpointId: event.endpointId, message: "A test event sent by an admin: nothing changed." },
  };
}

const timestamp = (description: string) => z.string().meta({ description: `${description} ISO 8601, UTC, milliseconds.` });

export const WebhookEndpointJson = z
  .strictObject({
    id: z.int().min(1),
    url: z.string(),
    description: z.string(),
    events: z.array(z.enum(webhookEventTypes)),
    enabled: z.boolean().meta({ description: "false: nothing is sent; the events it misses are sent once it is enabled again." }),
    disabledReason: z
      .enum(webhookDisabledReasons)
      .nullable()
      .meta({
        description:
          "Why it is disabled: `manual` (an admin), `gone` (it answered 410), `failing` (every delivery failed for 5 days); null when enabled.",
      }),
    disabledAt: timestamp("When it was disabled;").nullable(),
    failingSince: timestamp("Since when every attempt failed (null: the last one succeeded, or none was made).").nullable(),
    createdAt: timestamp("When it was created."),
  })
  .meta({ description: "A webhook endpoint, without its secret." });
export type WebhookEndpointJson = z.infer<typeof WebhookEndpointJson>;

export const CreatedWebhookEndpointJson = WebhookEndpointJson.extend({
  secret: z.string().meta({
    description: "The signing secret (`whsec_...`), for `standardwebhooks`' `Webhook`: shown in this answer only.",
    examples: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
  }),
}).meta({ description: "The endpoint just created, with its secret (never shown again)." });

export const WebhookEndpointListJson = z
  .strictObject({ data: z.array(WebhookEndpointJson) })
  .meta({ description: "The organization's webhook endpoints, oldest first." });

export const WebhookDeliveryJson = z
  .strictObject({
    id: z.int().min(1).meta({ description: "The attempt's id (for `.../deliveries/{deliveryId}/retry`)." }),
    eventId: z.string().meta({ description: "The event sent (`webhook-id`).", examples: ["evt_1042"] }),
    eventType: z.string().meta({ examples: ["customer.updated"] }),
    attempt: z.int().min(1).meta({ description: "1 for the first attempt to send the event, 2 for the first retry..." }),
    status: z.enum(webhookDeliveryStatuses).meta({
      description:
        "`pending` (waits for `nextAttemptAt`), `sending`, `succeeded` (2xx), `failed` (another attempt follows) or " +
        "`abandoned` (failed for good: send it again by hand with `retry`).",
    }),
    createdAt: timestamp("When the attempt was scheduled."),
    attemptedAt: timestamp("When it was sent; null before.").nullable(),
    nextAttemptAt: timestamp("When a pending attempt is due; null otherwise.").nullable(),
    responseStatus: z.int().nullable().meta({ description: "The receiver's HTTP status; null when it did not answer." }),
    error: z.string().nullable().meta({ description: "Why the attempt failed without a status (timeout, refused address...)." }),
    durationMs: z.int().nullable().meta({ description: "From sending to the answer read (at most 4 KiB of it)." }),
  })
  .meta({ description: "One attempt to send an event to the endpoint." });
export type WebhookDeliveryJson = z.infer<typeof WebhookDeliveryJson>;

export const webhookDeliveriesDefaultMax = 20;
export const webhookDeliveriesMaxPage = 100;

export const WebhookDeliveryPageJson = z
  .strictObject({
    data: z.array(WebhookDeliveryJson).meta({ description: "Attempts, newest first." }),
    next: z.string().nullable().meta({ description: "The next (older) page's URL; null on the last page." }),
  })
  .meta({ description: "A page of an endpoint's delivery attempts." });

export interface WebhookDeliveryQuery {
  max: number;
  /** Attempts older than this one's id. */
  before?: number;
}

/** `max` (1 to 100, 20 by default) and `before` (an attempt id from the previous page); the same parameter twice is a wrong type. */
export function decodeWebhookDeliveryQuery(entries: Iterable<readonly [string, string]>): WebhookDeliveryQuery {
  const values = new Map<string, string>();
  for (const [name, value] of entries) {
    if (name !== "max" && name !== "before") continue;
    if (values.has(name)) throw errors.invalidParamType(name);
    values.set(name, value);
  }
  const number = (name: string) => {
    const text = values.get(name);
    if (text === undefined || text === "") return undefined;
    if (!/^\d{1,15}$/.test(text)) throw errors.invalidParamType(name);
    return Number(text);
  };
  const max = number("max") ?? webhookDeliveriesDefaultMax;
  if (max < 1 || max > webhookDeliveriesMaxPage) throw errors.invalidParam("max", `max must be from 1 to ${webhookDeliveriesMaxPage}.`);
  const before = number("before");
  return { max, ...(before !== undefined && { before }) };
}

/** An endpoint as stored, without its secret (the db package's row). */
export interface WebhookEndpointView {
  id: number;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: WebhookDisabledReason | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  createdAt: Date;
}

export function toWebhookEndpointJson(endpoint: WebhookEndpointView): WebhookEndpointJson {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.eventTypes as WebhookEventType[],
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    failingSince: endpoint.failingSince?.toISOString() ?? null,
    createdAt: endpoint.createdAt.toISOString(),
  };
}

/** An attempt as stored (the db package's row). */
export interface WebhookDeliveryView {
  id: number;
  eventId: string;
  eventType: string;
  attempt: number;
  status: WebhookDeliveryStatus;
  createdAt: Date;
  attemptedAt: Date | null;
  nextAttemptAt: Date | null;
  responseStatus: number | null;
  error: string | null;
  durationMs: number | null;
}

export function toWebhookDeliveryJson(delivery: WebhookDeliveryView): WebhookDeliveryJson {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    attempt: delivery.attempt,
    status: delivery.status,
    createdAt: delivery.createdAt.toISOString(),
    attemptedAt: delivery.attemptedAt?.toISOString() ?? null,
    // a `sending` row's time is its lease's end, not an attempt to come
    nextAttemptAt: delivery.status === "pending" ? (delivery.nextAttemptAt?.toISOString() ?? null) : null,
    responseStatus: delivery.responseStatus,
    error: delivery.error,
    durationMs: delivery.durationMs,
  };
}
