import { describe, expect, it } from "vitest";

import { AppError } from "./errors";
import {
  assertWebhookUrlScheme,
  decodeWebhookDeliveryQuery,
  defaultWebhookRetryScheduleSeconds,
  NewWebhookEndpointInput,
  parseWebhookRetrySchedule,
  retryAfterDelayMs,
  webhookRetryAfterMaxMs,
  webhookRetryDelayMs,
} from "./webhooks";

const refusalOf = (input: unknown) => {
  const result = NewWebhookEndpointInput.safeParse(input);
  return result.success ? undefined : { field: result.error.issues[0]!.path[0], message: result.error.issues[0]!.message };
};

describe("a new webhook endpoint", () => {
  it("takes an absolute URL, the event types (once each) and a description", () => {
    expect(
      NewWebhookEndpointInput.parse({ url: " https://erp.example.com/hooks ", events: ["customer.updated", "customer.updated"], description: " ERP " }),
    ).toEqual({ url: "https://erp.example.com/hooks", events: ["customer.updated"], description: "ERP" });
    expect(NewWebhookEndpointInput.parse({ url: "https://erp.example.com/", events: ["customer.updated"] }).description).toBe("");
  });

  it("refuses what is not a URL, no event, an unknown event, too long a text, naming the parameter", () => {
    expect(refusalOf({ url: "erp.example.com/hooks", events: ["customer.updated"] })).toMatchObject({ field: "url" });
    expect(refusalOf({ url: "ftp://erp.example.com/", events: ["customer.updated"] })).toMatchObject({ field: "url" });
    expect(refusalOf({ events: ["customer.updated"] })).toMatchObject({ field: "url" });
    expect(refusalOf({ url: "https://erp.example.com/", events: [] })).toEqual({ field: "events", message: "events parameter is missing" });
    expect(refusalOf({ url: "https://erp.example.com/", events: ["customer.deleted"] })).toMatchObject({ field: "events" });
    expect(refusalOf({ url: "https://erp.example.com/", events: "customer.updated" })).toMatchObject({ field: "events" });
    expect(refusalOf({ url: `https://erp.example.com/${"a".repeat(2048)}`, events: ["customer.updated"] })).toMatchObject({ field: "url" });
    expect(refusalOf({ url: "https://erp.example.com/", events: ["customer.updated"], description: "d".repeat(256) })).toMatchObject({
      field: "description",
    });
  });

  it("must be https://, unless private addresses are allowed (local development)", () => {
    expect(() => assertWebhookUrlScheme("http://erp.example.com/", { allowPrivate: false })).toThrow(AppError);
    expect(() => assertWebhookUrlScheme("http://erp.example.com/", { allowPrivate: false })).toThrow(/https:\/\//);
    expect(() => assertWebhookUrlScheme("https://erp.example.com/", { allowPrivate: false })).not.toThrow();
    expect(() => assertWebhookUrlScheme("http://127.0.0.1:4000/", { allowPrivate: true })).not.toThrow();
  });
});

describe("the retry schedule", () => {
  it("is about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h by default", () => {
    expect(defaultWebhookRetryScheduleSeconds).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400]);
  });

  it("is replaced by seconds, comma-separated; anything else is refused", () => {
    expect(parseWebhookRetrySchedule("1,2, 30")).toEqual([1, 2, 30]);
    expect(parseWebhookRetrySchedule("0.2,0.5")).toEqual([0.2, 0.5]);
    expect(parseWebhookRetrySchedule("1,,2")).toBeUndefined();
    expect(parseWebhookRetrySchedule("5s,10")).toBeUndefined();
    expect(parseWebhookRetrySchedule("-1")).toBeUndefined();
  });

  it("waits the delay after each attempt with 10 % of jitter, and nothing after the last", () => {
    const schedule = [5, 300];
    expect(webhookRetryDelayMs(1, schedule, () => 0)).toBe(4500);
    expect(webhookRetryDelayMs(1, schedule, () => 1)).toBe(5500);
    expect(webhookRetryDelayMs(2, schedule, () => 0.5)).toBe(300_000);
    expect(webhookRetryDelayMs(3, schedule, () => 0.5)).toBeUndefined();
  });
});

describe("Retry-After", () => {
  const now = new Date("2026-12-07T10:00:00.000Z");

  it("reads seconds or an HTTP date", () => {
    expect(retryAfterDelayMs("120", now)).toBe(120_000);
    expect(retryAfterDelayMs("Mon, 07 Dec 2026 10:01:30 GMT", now)).toBe(90_000);
  });

  it("is capped at 24 hours and never negative", () => {
    expect(retryAfterDelayMs("999999", now)).toBe(webhookRetryAfterMaxMs);
    expect(retryAfterDelayMs("Mon, 07 Dec 2026 09:00:00 GMT", now)).toBe(0);
  });

  it("is ignored when absent or unreadable", () => {
    expect(retryAfterDelayMs(null, now)).toBeUndefined();
    expect(retryAfterDelayMs("", now)).toBeUndefined();
    expect(retryAfterDelayMs("soon", now)).toBeUndefined();
    expect(retryAfterDelayMs("-5", now)).toBeUndefined();
    expect(retryAfterDelayMs("2026-12-07", now)).toBeUndefined();
  });
});

describe("the deliveries' paging", () => {
  it("takes max (1 to 100, 20 by default) and before", () => {
    expect(decodeWebhookDeliveryQuery([])).toEqual({ max: 20 });
    expect(decodeWebhookDeliveryQuery([["max", "5"], ["before", "81"]])).toEqual({ max: 5, before: 81 });
    expect(() => decodeWebhookDeliveryQuery([["max", "0"]])).toThrow(/max must be from 1 to 100/);
    expect(() => decodeWebhookDeliveryQuery([["max", "x"]])).toThrow(AppError);
    expect(() => decodeWebhookDeliveryQuery([["before", "1"], ["before", "2"]])).toThrow(AppError);
  });
});
