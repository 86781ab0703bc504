/**
 * The change events integrations read: one per committed change of a
 * customer, the same JSON in the change feed (`GET /api/v2.1/events`) and in
 * a webhook's body, so that a receiver can check one against the other.
 */
import { z } from "zod";

import { customerChangeChannels } from "./legacy-customer-history";
import { errors } from "./errors";

export const customerEventTypes = ["customer.updated"] as const;
export type CustomerEventType = (typeof customerEventTypes)[number];

/** A reader's place in the feed (event-repository.ts in the db package tells why it is a pair). */
export interface EventFeedPosition {
  /** A PostgreSQL 64-bit transaction id, as decimal text. */
  transactionId: string;
  id: number;
}

export const eventFeedDefaultMax = 100;
export const eventFeedMaxPage = 500;

/** The event as served: `evt_<id>`, its type, its time (ISO 8601, UTC, milliseconds) and its data as written. */
export function customerEventJson(event: { id: number; type: string; createdAt: Date; data: unknown }) {
  return { id: `evt_${event.id}`, type: event.type, createdAt: event.createdAt.toISOString(), data: event.data };
}
export type CustomerEventJsonValue = ReturnType<typeof customerEventJson>;

/** Opaque to clients: base64url of `<transaction>.<id>` (btoa: the domain runs in browsers too). */
export function encodeEventCursor(position: EventFeedPosition): string {
  return btoa(`${position.transactionId}.${position.id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeEventCursor(cursor: string): EventFeedPosition {
  let text = "";
  try {
    text = /^[\w-]{1,64}$/.test(cursor) ? atob(cursor.replace(/-/g, "+").replace(/_/g, "/")) : "";
  } catch {
    // not base64: refused below
  }
  const match = /^(\d{1,20})\.(\d{1,16})$/.exec(text);
  if (!match || BigInt(match[1]!) >= 2n ** 64n || !Number.isSafeInteger(Number(match[2]))) throw errors.invalidParamType("after");
  return { transactionId: match[1]!, id: Number(match[2]) };
}

export interface EventFeedQuery {
  after?: EventFeedPosition;
  max: number;
}

/** `after` (a cursor of an earlier answer) and `max` (1 to 500, 100 by default); the same parameter twice is a wrong type. */
export function decodeEventFeedQuery(entries: Iterable<readonly [string, string]>): EventFeedQuery {
  const values = new Map<string, string>();
  for (const [name, value] of entries) {
    if (name !== "after" && name !== "max") continue;
    if (values.has(name)) throw errors.invalidParamType(name);
    values.set(name, value);
  }
  const maxText = values.get("max");
  let max = eventFeedDefaultMax;
  if (maxText !== undefined) {
    if (!/^\d{1,9}$/.test(maxText)) throw errors.invalidParamType("max");
    max = Number(maxText);
    if (max < 1 || max > eventFeedMaxPage) throw errors.invalidParam("max", `max must be from 1 to ${eventFeedMaxPage}.`);
  }
  const after = values.get("after");
  return { max, ...(after !== undefined && after !== "" && { after: decodeEventCursor(after) }) };
}

const EventFieldChange = z.strictObject({
  field: z.string().meta({ description: "The parameter that changed, as in the history (`creditLimit`, `paymentTypes`, `logo`...)." }),
  oldValue: z.string().nullable().meta({ description: "The value before, as the history's text; null when empty." }),
  newValue: z.string().nullable().meta({ description: "The value after, in the same form.", examples: ["6000"] }),
});

export const CustomerEventJson = z
  .strictObject({
    id: z.string().meta({ description: "The event's id (`evt_...`), also the webhook's `webhook-id`: a receiver drops an id it has seen.", examples: ["evt_1042"] }),
    type: z.enum(customerEventTypes),
    createdAt: z.string().meta({ description: "When the change was stored: ISO 8601, UTC, milliseconds.", examples: ["2026-12-07T10:15:00.123Z"] }),
    data: z.strictObject({
      customerId: z.int().min(1),
      reference: z.string().meta({ description: "The customer's reference after the change." }),
      version: z.int().min(1).meta({ description: "The customer's version after the change (its `ETag`): a receiver drops an event older than the customer it holds." }),
      channel: z.enum(customerChangeChannels),
      changedBy: z
        .strictObject({ userId: z.int(), reference: z.string(), href: z.string() })
        .nullable()
        .meta({ description: "The user who made the change; null if that user is gone." }),
      changes: z.array(EventFieldChange).meta({ description: "Every changed field, with the history's names and texts." }),
    }),
  })
  .meta({ description: "One committed change of a customer." });

export const CustomerEventPage = z
  .strictObject({
    data: z.array(CustomerEventJson).meta({ description: "Up to `max` events, oldest first." }),
    cursor: z.string().meta({ description: "Send it as `after` to read on; the same as sent when `data` is empty." }),
  })
  .meta({ description: "A page of the change feed." });
