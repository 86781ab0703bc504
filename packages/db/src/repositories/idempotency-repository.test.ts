import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "../client";
import { seedDemoData } from "../seed";
import { createTestDatabase, testDatabaseKind } from "../testing";
import {
  claimIdempotencyKey,
  findIdempotencyRecord,
  releaseIdempotencyKey,
  storeIdempotentAnswer,
} from "./idempotency-repository";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { adminPassword: "test-password", customersPerOrganization: 1 });
});

afterAll(async () => {
  await handle?.close();
});

const minutes = (n: number) => new Date(Date.UTC(2026, 11, 1, 12, n));
const claim = (key: string, at: Date, fingerprint = "f1") =>
  claimIdempotencyKey(handle.db, {
    organizationId: 1,
    key,
    fingerprint,
    now: at,
    leaseExpiresAt: new Date(at.getTime() + 2 * 60_000),
    expiresAt: new Date(at.getTime() + 24 * 60 * 60_000),
  });

describe(`idempotency keys on ${testDatabaseKind}`, () => {
  it("gives a key to one claimant, and to another only once the holder's lease ended", async () => {
    expect(await claim("k1", minutes(0))).toBe(true);
    expect(await claim("k1", minutes(1), "f2")).toBe(false);
    expect(await findIdempotencyRecord(handle.db, { organizationId: 1, key: "k1", now: minutes(1) })).toEqual({
      fingerprint: "f1",
      state: "running",
    });
    // the holder died: its lease ends 2 minutes after its claim
    expect(await claim("k1", minutes(3), "f2")).toBe(true);
    expect(await findIdempotencyRecord(handle.db, { organizationId: 1, key: "k1", now: minutes(3) })).toMatchObject({ fingerprint: "f2" });
  });

  it("keeps an answer until it expires, whatever the lease", async () => {
    expect(await claim("k2", minutes(0))).toBe(true);
    const answer = { status: 200, headers: { "content-type": "application/json" }, body: '{"id":1}' };
    await storeIdempotentAnswer(handle.db, { organizationId: 1, key: "k2", answer });
    expect(await claim("k2", minutes(30))).toBe(false);
    expect(await findIdempotencyRecord(handle.db, { organizationId: 1, key: "k2", now: minutes(30) })).toEqual({
      fingerprint: "f1",
      state: "answered",
      answer,
    });
    const nextDay = new Date(minutes(0).getTime() + 24 * 60 * 60_000);
    expect(await findIdempotencyRecord(handle.db, { organizationId: 1, key: "k2", now: nextDay })).toBeUndefined();
    expect(await claim("k2", nextDay)).toBe(true);
  });

  it("releases a running key, never an answered one", async () => {
    expect(await claim("k3", minutes(0))).toBe(true);
    await releaseIdempotencyKey(handle.db, { organizationId: 1, key: "k3" });
    expect(await claim("k3", minutes(0))).toBe(true);
    await storeIdempotentAnswer(handle.db, { organizationId: 1, key: "k3", answer: { status: 200, headers: {}, body: "" } });
    await releaseIdempotencyKey(handle.db, { organizationId: 1, key: "k3" });
    expect(await findIdempotencyRecord(handle.db, { organizationId: 1, key: "k3", now: minutes(1) })).toMatchObject({ state: "answered" });
  });
});
