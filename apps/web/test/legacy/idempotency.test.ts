/**
 * SPEC §5's Idempotency-Key on the legacy update, on PGlite and on a
 * PostgreSQL server: one write per key, the same answer to every retry.
 */
import { deleteExpiredIdempotencyKeys, listCustomerHistory } from "@cr/db/repositories";
import { idempotencyKeys } from "@cr/db/schema";
import { testDatabaseKind } from "@cr/db/testing";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createServerDeps, type ServerDeps } from "~/server/deps";
import { createLocalPictureStorage } from "~/server/pictures/picture-storage";

import { makePng } from "../pictures/images";
import { captureErrorLogs } from "../support/captured-logs";
import { createLegacyClient, sessionCookie } from "../support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let client: ReturnType<typeof createLegacyClient>;
let entity1: Record<string, string>;
let entity2: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  client = createLegacyClient(server.deps);
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
  entity2 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity2.test"));
});

afterAll(async () => {
  await server?.close();
});

function post(id: string, body: URLSearchParams | FormData, headers: Record<string, string>, via = client) {
  return via.call({ method: "POST", customer: { id }, headers: { ...entity1, ...headers }, body });
}

async function show(id: string) {
  return (await (await client.call({ customer: { id }, headers: entity1 })).json()) as Record<string, unknown>;
}

async function historyOf(customerId: number) {
  return listCustomerHistory(server.deps.db, { organizationId: 1, customerId, limit: 1000 });
}

describe(`Idempotency-Key on ${testDatabaseKind}`, () => {
  it("replays the first answer to a retry, byte for byte with its status, and writes once", async () => {
    const key = { "idempotency-key": "erp-sync-0001" };
    const historyBefore = await historyOf(257);
    const first = await post("257", new URLSearchParams({ comment: "synced once" }), key);
    const firstBody = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.has("idempotent-replayed")).toBe(false);

    await post("257", new URLSearchParams({ comment: "changed meanwhile by someone else" }), {});
    const retry = await post("257", new URLSearchParams({ comment: "synced once" }), key);
    expect(retry.status).toBe(200);
    expect(await retry.text()).toBe(firstBody);
    expect(retry.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(retry.headers.get("idempotent-replayed")).toBe("true");

    expect((await show("257")).comment).toBe("changed meanwhile by someone else");
    expect((await historyOf(257)).length).toBe(historyBefore.length + 2);
  });

  it("refuses the key reused for another body with 422, and writes nothing", async () => {
    const key = { "idempotency-key": "erp-sync-0002" };
    expect((await post("258", new URLSearchParams({ comment: "first" }), key)).status).toBe(200);
    const before = await show("258");
    for (const [id, body] of [["258", { comment: "second" }], ["259", { comment: "first" }]] as const) {
      const reused = await post(id, new URLSearchParams(body), key);
      expect(reused.status).toBe(422);
      expect(await reused.json()).toEqual({
        error: "idempotency_error",
        error_description: "The Idempotency-Key was used with another body.",
      });
    }
    expect(await show("258")).toEqual(before);
  });

  it("answers 20 concurrent identical requests alike, with one write and one history entry", async () => {
    const key = { "idempotency-key": "erp-sync-0003" };
    const historyBefore = await historyOf(260);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post("260", new URLSearchParams({ comment: "twenty at once" }), key)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const bodies = await Promise.all(answers.map((answer) => answer.text()));
    expect(new Set(bodies).size).toBe(1);
    const history = await historyOf(260);
    expect(history.length).toBe(historyBefore.length + 1);
    expect(history[0]).toMatchObject({ field: "comment", newValue: "twenty at once" });
  });

  it("keeps a refusal as the answer, and lets a retry after a server error run again", async () => {
    const refusal = new URLSearchParams({ billingLat: "95" });
    const first = await post("261", refusal, { "idempotency-key": "refused-0001" });
    expect(first.status).toBe(400);
    const again = await post("261", refusal, { "idempotency-key": "refused-0001" });
    expect(again.status).toBe(400);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(await first.text());

    const failing: ServerDeps = { ...server.deps, pictureStorage: { ...server.deps.pictureStorage, putPicture: () => Promise.reject(new Error("storage down")) } };
    const body = new FormData();
    body.set("imageFile", new Blob([await makePng(8, 8)], { type: "image/png" }), "logo.png");
    const key = { "idempotency-key": "storage-down-0001" };
    const logs = captureErrorLogs();
    const failed = await post("261", body, key, createLegacyClient(failing)).finally(() => logs.restore());
    expect(failed.status).toBe(500);
    expect(logs.errors()).toEqual([expect.objectContaining({ message: "legacy API request failed" })]);
    const retried = await post("261", body, key);
    expect(retried.status).toBe(200);
    expect(retried.headers.has("idempotent-replayed")).toBe(false);
  });

  it("answers 409 to a retry while the first request still runs, and stores one picture", async () => {
    let releaseUpload!: () => void;
    const uploadReleased = new Promise<void>((resolve) => (releaseUpload = resolve));
    let uploadStarted!: () => void;
    const uploadStarting = new Promise<void>((resolve) => (uploadStarted = resolve));
    const storage = createLocalPictureStorage({ rootDir: server.uploadsDir });
    const slow = createServerDeps({
      db: server.deps.db,
      pictureStorage: {
        ...storage,
        async putPicture(organizationSlug, picture) {
          uploadStarted();
          await uploadReleased;
          return storage.putPicture(organizationSlug, picture);
        },
      },
      config: { ...server.deps.config, idempotencyWaitMs: 200 },
      rateLimitPerMinute: 1000,
    });
    const slowClient = createLegacyClient(slow);
    const body = new FormData();
    body.set("imageFile", new Blob([await makePng(12, 12)], { type: "image/png" }), "logo.png");
    const key = { "idempotency-key": "upload-0001" };
    const pictures = async () => (await readdir(path.join(server.uploadsDir, "entity1", "photoCustomer")).catch(() => [])).length;
    const picturesBefore = await pictures();

    const first = post("262", body, key, slowClient);
    await uploadStarting;
    const whileRunning = await post("262", body, key, slowClient);
    expect(whileRunning.status).toBe(409);
    expect(await whileRunning.json()).toMatchObject({ error: "idempotency_error" });

    releaseUpload();
    const firstAnswer = await first;
    expect(firstAnswer.status).toBe(200);
    const retry = await post("262", body, key, slowClient);
    expect(retry.status).toBe(200);
    expect(await retry.text()).toBe(await firstAnswer.text());
    // the picture and its two variants, once
    expect(await pictures()).toBe(picturesBefore + 3);
  });

  it("keeps keys apart per organization, refuses a malformed key, and leaves a request without a key as it was", async () => {
    const key = { "idempotency-key": "shared-name" };
    expect((await post("263", new URLSearchParams({ comment: "entity1" }), key)).status).toBe(200);
    const other = await client.call({
      method: "POST",
      customer: { reference: "E2-001" },
      headers: { ...entity2, ...key },
      body: new URLSearchParams({ comment: "entity2" }),
    });
    expect(other.status).toBe(200);
    expect(other.headers.has("idempotent-replayed")).toBe(false);

    const malformed = await post("263", new URLSearchParams({ comment: "x" }), { "idempotency-key": "a b" });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: "invalid_param" });

    const plain = await post("263", new URLSearchParams({ comment: "no key" }), {});
    expect(plain.headers.has("idempotent-replayed")).toBe(false);
    expect((await show("263")).comment).toBe("no key");
  });

  it("forgets answers after 24 hours: a later request with the key runs again, and the sweep deletes them", async () => {
    const key = { "idempotency-key": "old-0001" };
    expect((await post("264", new URLSearchParams({ comment: "day one" }), key)).status).toBe(200);
    const tomorrow = new Date(Date.now() + 25 * 60 * 60_000);
    const laterDeps = { ...server.deps, now: () => tomorrow };
    const later = createLegacyClient(laterDeps);
    const runAgain = await post("264", new URLSearchParams({ comment: "day two" }), {
      ...key,
      ...sessionCookie(await sessionTokenOf(laterDeps, "admin@entity1.test")),
    }, later);
    expect(runAgain.status).toBe(200);
    expect(runAgain.headers.has("idempotent-replayed")).toBe(false);
    expect((await show("264")).comment).toBe("day two");

    expect(await deleteExpiredIdempotencyKeys(server.deps.db, new Date(tomorrow.getTime() + 25 * 60 * 60_000))).toBeGreaterThan(0);
    expect(await server.deps.db.select().from(idempotencyKeys)).toEqual([]);
  });
});
