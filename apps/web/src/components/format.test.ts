import { describe, expect, it } from "vitest";

import { formatCount, formatDateTime, formatMoney } from "./format";

describe("display formats", () => {
  it("writes dates in UTC", () => {
    expect(formatDateTime(new Date("2015-12-17T23:00:00Z"))).toBe("17 Dec 2015, 23:00 UTC");
    expect(formatDateTime(new Date("2026-01-05T07:09:00Z"))).toBe("5 Jan 2026, 07:09 UTC");
  });

  it("writes amounts with their currency code", () => {
    expect(formatMoney(7350.5, "USD")).toBe("7,350.50 USD");
    expect(formatMoney(0, "EUR")).toBe("0.00 EUR");
    expect(formatMoney(-1234567.891, "EUR")).toBe("-1,234,567.89 EUR");
  });

  it("groups counts by thousands", () => {
    expect(formatCount(41)).toBe("41");
    expect(formatCount(1234567)).toBe("1,234,567");
  });
});
