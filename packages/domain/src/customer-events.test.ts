import { describe, expect, it } from "vitest";

import { customerEventJson, decodeEventCursor, decodeEventFeedQuery, encodeEventCursor } from "./customer-events";

describe("the change feed's cursor", () => {
  it("reads back what it wrote, for the largest transaction ids too", () => {
    for (const position of [
      { transactionId: "1", id: 1 },
      { transactionId: "18446744073709551615", id: 9_007_199_254_740_991 },
    ]) {
      expect(decodeEventCursor(encodeEventCursor(position))).toEqual(position);
    }
  });

  it.each(["", "not a cursor", btoa("12"), btoa("12.x"), btoa("18446744073709551616.1"), "%%%"])("refuses %j as a wrong type of after", (cursor) => {
    expect(() => decodeEventCursor(cursor)).toThrow(expect.objectContaining({ code: "invalid_param_type", field: "after" }));
  });
});

describe("decodeEventFeedQuery", () => {
  it("takes max from 1 to 500, 100 by default, and after", () => {
    expect(decodeEventFeedQuery([])).toEqual({ max: 100 });
    const after = encodeEventCursor({ transactionId: "740", id: 12 });
    expect(decodeEventFeedQuery([["max", "500"], ["after", after]])).toEqual({ max: 500, after: { transactionId: "740", id: 12 } });
  });

  it.each([
    [[["max", "0"]], "invalid_param"],
    [[["max", "501"]], "invalid_param"],
    [[["max", "ten"]], "invalid_param_type"],
    [[["max", "1"], ["max", "2"]], "invalid_param_type"],
  ] as const)("refuses %j", (entries, code) => {
    expect(() => decodeEventFeedQuery(entries)).toThrow(expect.objectContaining({ code }));
  });
});

describe("customerEventJson", () => {
  it("serves the event with its id, type, time and data in that order", () => {
    const event = customerEventJson({ id: 42, type: "customer.updated", createdAt: new Date("2026-12-07T10:00:00.5Z"), data: { customerId: 256 } });
    expect(JSON.stringify(event)).toBe('{"id":"evt_42","type":"customer.updated","createdAt":"2026-12-07T10:00:00.500Z","data":{"customerId":256}}');
  });
});
