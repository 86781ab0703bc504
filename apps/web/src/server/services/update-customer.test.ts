import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import type { Database } from "@cr/db/client";
import { AppError } from "@cr/domain";
import { addPendingPicture, findUserForLogin, listCustomerHistory } from "@cr/db/repositories";
import { pendingPictureFiles } from "@cr/db/schema";
import { testDatabaseKind } from "@cr/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { makePng } from "../../../test/pictures/images";
import { startTestServer, type TestServer } from "../../../test/support/test-server";
import type { ServerDeps } from "../deps";
import { type PictureStorage, PictureStorageError } from "../pictures/picture-storage";
import { preparePicture, type PreparedPicture } from "../pictures/prepare-picture";
import { getCustomer } from "./get-customer";
import { PENDING_PICTURE_GRACE_MS, sweepPendingPictures } from "./sweep-pending-pictures";
import { updateCustomer } from "./update-customer";
import { updateCustomers } from "./update-customers";

let server: TestServer;
let actor: Awaited<ReturnType<typeof findUserForLogin>> & {};

beforeAll(async () => {
  server = await startTestServer();
  actor = (await findUserForLogin(server.deps.db, "admin@entity1.test"))!;
});

afterAll(async () => {
  await server?.close();
});

const show = (deps: ServerDeps, id: number) => getCustomer({ deps, actor, lookup: { id } });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const pictureDir = () => path.join(server.uploadsDir, "entity1", "photoCustomer");

async function storedFiles(): Promise<string[]> {
  return (await readdir(pictureDir()).catch(() => [])).filter((name) => !name.startsWith(".")).sort();
}

async function pendingPictures() {
  return server.deps.db.select().from(pendingPictureFiles);
}

describe("updateCustomer", () => {
  it("records who changed which field, old and new value, and the channel", async () => {
    await updateCustomer({ deps: server.deps, actor, lookup: { id: 256 }, patch: { phone: "+1 555 0100" }, channel: "ui" });
    await updateCustomer({ deps: server.deps, actor, lookup: { id: 256 }, patch: { phone: "+1 555 0199", creditLimit: 6000 }, channel: "api" });
    const history = await listCustomerHistory(server.deps.db, { organizationId: 1, customerId: 256, limit: 10 });
    expect(history.slice(0, 3).map(({ field, oldValue, newValue, channel }) => ({ field, oldValue, newValue, channel }))).toEqual([
      { field: "creditLimit", oldValue: "5000", newValue: "6000", channel: "api" },
      { field: "phone", oldValue: "+1 555 0100", newValue: "+1 555 0199", channel: "api" },
      { field: "phone", oldValue: null, newValue: "+1 555 0100", channel: "ui" },
    ]);
    expect(history[0]!.user).toMatchObject({ id: actor.id, email: "admin@entity1.test" });
  });

  it("answers what a fresh read shows, whichever related objects the patch changes or clears", async () => {
    const { id } = (await show(server.deps, 257))!;
    const patches = [
      { categoryId: "food", customerSegmentationId: 2, userId: "emp-001", regionId: 3, paymentTypes: [9, 7] },
      { parentCustomerId: 256, isSubCustomer: true, billWithParent: true, paymentTypes: [8] },
      { categoryId: null, customerSegmentationId: null, userId: null, regionId: null, paymentTypes: [] },
      { isSubCustomer: false, comment: "back on its own" },
    ];
    for (const patch of patches) {
      const answer = await updateCustomer({ deps: server.deps, actor, lookup: { id }, patch, channel: "ui" });
      expect(answer, JSON.stringify(patch)).toEqual(await show(server.deps, id));
    }
  });

  it("writes nothing, history included, when a rule refuses the patch", async () => {
    const before = await show(server.deps, 256);
    const historyBefore = await listCustomerHistory(server.deps.db, { organizationId: 1, customerId: 256, limit: 100 });
    const attempt = updateCustomer({
      deps: server.deps,
      actor,
      lookup: { id: 256 },
      patch: { name: "Renamed", currency: "JPY" },
      channel: "ui",
    });
    await expect(attempt).rejects.toMatchObject({ code: "invalid_param", field: "currency" });
    expect(await show(server.deps, 256)).toEqual(before);
    expect(await listCustomerHistory(server.deps.db, { organizationId: 1, customerId: 256, limit: 100 })).toEqual(historyBefore);
  });

  it("lets exactly one of two concurrent updates take the same reference", async () => {
    const take = (reference: string) =>
      updateCustomer({ deps: server.deps, actor, lookup: { reference }, patch: { reference: "CONTESTED" }, channel: "api" });
    const results = await Promise.allSettled([take("NC-001"), take("NC-002")]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refusal = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(refusal.reason).toBeInstanceOf(AppError);
    expect(refusal.reason).toMatchObject({ code: "not_unique", message: "reference already used" });
  });

  // Each round, the writers read the customer before any of them writes: all but
  // one find it changed at their write and take the locked way (updateCustomer).
  it("applies concurrent updates of one customer one after the other (8 writers, 25 rounds)", async () => {
    const lookup = { reference: "NC-004" };
    for (let round = 0; round < 25; round++) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, writer) =>
          updateCustomer({ deps: server.deps, actor, lookup, patch: { creditLimit: round * 100 + writer + 1 }, channel: "api" }),
        ),
      );
      expect(new Set(answers.map((answer) => answer.version)).size, `round ${round}`).toBe(8);
    }
    const customer = await getCustomer({ deps: server.deps, actor, lookup });
    const history = (await listCustomerHistory(server.deps.db, { organizationId: 1, customerId: customer.id, limit: 500 }))
      .filter((entry) => entry.field === "creditLimit")
      .reverse();
    expect(history).toHaveLength(200);
    // each change starts from the value the previous one stored: no lost update
    for (let i = 1; i < history.length; i++) expect(history[i]!.oldValue, `change ${i}`).toBe(history[i - 1]!.newValue);
    expect(history.at(-1)!.newValue).toBe(String(customer.creditLimit));
    expect(customer.version).toBe(1 + history.length);
  });
});

describe("updateCustomer beside batches", () => {
  // A batch reads its time once it holds its customers, as an update does: a
  // batch that waited for the row must not store a time before the update it waited for.
  it("keeps the history in the order the writes applied (4 single updates and 4 batches at once, 25 rounds)", async () => {
    const lookup = { reference: "NC-007" };
    const { id } = await getCustomer({ deps: server.deps, actor, lookup });
    for (let round = 0; round < 25; round++) {
      await Promise.all(
        Array.from({ length: 8 }, (_, writer) => {
          const patch = { creditLimit: round * 100 + writer + 1 };
          return writer % 2 === 0
            ? updateCustomer({ deps: server.deps, actor, lookup, patch, channel: "api" })
            : updateCustomers({ deps: server.deps, actor, channel: "api", atomic: false, items: [{ lookup: { id }, patch }] });
        }),
      );
    }
    const history = (await listCustomerHistory(server.deps.db, { organizationId: 1, customerId: id, limit: 500 }))
      .filter((entry) => entry.field === "creditLimit")
      .reverse();
    expect(history).toHaveLength(200);
    for (let i = 1; i < history.length; i++) expect(history[i]!.oldValue, `change ${i}`).toBe(history[i - 1]!.newValue);
  });
});

// A second connection holds the customer's row while the update runs: only a
// server has one (PGlite's single connection would wait for the holder).
describe.runIf(testDatabaseKind === "postgres")("updateCustomer overtaken between its read and its write", () => {
  it("starts again from the customer as the other writer left it, history included", async () => {
    const { db } = server.deps;
    const before = await show(server.deps, 261);
    let holdRow!: () => void;
    const rowHeld = new Promise<void>((resolve) => (holdRow = resolve));
    let releaseRow!: () => void;
    const rowReleased = new Promise<void>((resolve) => (releaseRow = resolve));
    const overtaking = db.transaction(async (tx) => {
      await tx.execute(`update customers set credit_limit = 777, version = version + 1 where id = ${before.id}`);
      holdRow();
      await rowReleased;
    });
    await rowHeld;

    // reads the customer as committed (the 777 is not), then its write waits for the row
    const update = updateCustomer({ deps: server.deps, actor, lookup: { id: before.id }, patch: { creditLimit: 888 }, channel: "api" });
    await vi.waitFor(
      async () => {
        // postgres.js answers the rows themselves
        const [row] = (await db.execute(
          "select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        )) as unknown as { waiting: number }[];
        expect(row!.waiting).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 10 },
    );
    releaseRow();
    await overtaking;

    const answer = await update;
    expect(answer).toMatchObject({ creditLimit: 888, version: before.version + 2 });
    expect(answer).toEqual(await show(server.deps, before.id));
    const [latest] = await listCustomerHistory(db, { organizationId: 1, customerId: before.id, limit: 1 });
    expect(latest).toMatchObject({ field: "creditLimit", oldValue: "777", newValue: "888" });
  });
});

/**
 * The test database, except that the first `failures` transactions fail at
 * their end the way PostgreSQL reports a serialization failure (40001),
 * after their work ran: what a retry must undo and redo.
 */
function failingTransactions(db: Database, failures: number) {
  let attempts = 0;
  const failing = new Proxy(db, {
    get(target, property, receiver) {
      if (property !== "transaction") return Reflect.get(target, property, receiver) as unknown;
      return (work: (tx: Database) => Promise<unknown>) =>
        target.transaction(async (tx) => {
          attempts += 1;
          const result = await work(tx);
          if (attempts <= failures) {
            throw Object.assign(new Error("could not serialize access due to concurrent update"), { code: "40001" });
          }
          return result;
        });
    },
  });
  return { db: failing, attempts: () => attempts };
}

/** The test storage, counting what the service asks of it. */
function countingStorage(storage: PictureStorage) {
  const calls = { put: 0, delete: 0 };
  const counting: PictureStorage = {
    ...storage,
    putPicture: (...args) => ((calls.put += 1), storage.putPicture(...args)),
    deletePicture: (...args) => ((calls.delete += 1), storage.deletePicture(...args)),
  };
  return { storage: counting, calls };
}

describe("updateCustomer with a picture", () => {
  it("stores the picture and its variants, and deletes the replaced one after commit", async () => {
    const first = await updateCustomer({
      deps: server.deps,
      actor,
      lookup: { id: 256 },
      patch: {},
      picture: { fileName: "Shop Front.png", bytes: await makePng(600, 300) },
      channel: "api",
    });
    expect(first.logo).toMatch(/^\d+_[0-9a-f]{16}_shop_front\.png$/);
    expect(await storedFiles()).toEqual([first.logo, `medium_${first.logo}`, `small_${first.logo}`].sort());

    const second = await updateCustomer({
      deps: { ...server.deps, now: () => new Date(Date.now() + 1000) },
      actor,
      lookup: { id: 256 },
      patch: {},
      picture: { fileName: "logo.png", bytes: await makePng(64, 64) },
      channel: "api",
    });
    expect(await storedFiles()).toEqual([second.logo, `medium_${second.logo}`, `small_${second.logo}`].sort());
    expect(await pendingPictures()).toEqual([]);
  });

  it("leaves no new file and an unchanged customer when the update is refused after storing", async () => {
    const before = await show(server.deps, 256);
    const filesBefore = await storedFiles();
    const attempt = updateCustomer({
      deps: server.deps,
      actor,
      lookup: { id: 256 },
      patch: { reference: "NC-005" },
      picture: { fileName: "new.png", bytes: await makePng(32, 32) },
      channel: "api",
    });
    await expect(attempt).rejects.toMatchObject({ code: "not_unique" });
    expect(await show(server.deps, 256)).toEqual(before);
    expect(await storedFiles()).toEqual(filesBefore);
    expect(await pendingPictures()).toEqual([]);
  });

  it("leaves the customer unchanged when the storage is down", async () => {
    const before = await show(server.deps, 256);
    const downStorage: PictureStorage = {
      ...server.deps.pictureStorage,
      putPicture: () => Promise.reject(new Error("storage unreachable")),
      deletePicture: () => Promise.reject(new Error("storage unreachable")),
    };
    const attempt = updateCustomer({
      deps: { ...server.deps, pictureStorage: downStorage },
      actor,
      lookup: { id: 256 },
      patch: { name: "Should not stick" },
      picture: { fileName: "new.png", bytes: await makePng(32, 32) },
      channel: "api",
    });
    await expect(attempt).rejects.toThrow("storage unreachable");
    expect(await show(server.deps, 256)).toEqual(before);

    // the file it could not clean up stays pending, and the sweep removes it later
    expect(await pendingPictures()).toHaveLength(1);
    const later = { ...server.deps, now: () => new Date(Date.now() + PENDING_PICTURE_GRACE_MS + 60_000) };
    await sweepPendingPictures({ deps: later });
    expect(await pendingPictures()).toEqual([]);
  });

  it("fails without deleting the files of another picture that holds the same name", async () => {
    const before = await show(server.deps, 256);
    const filesBefore = await storedFiles();
    let other: PreparedPicture | undefined;
    const crowdedStorage: PictureStorage = {
      ...server.deps.pictureStorage,
      async putPicture(organizationSlug, picture) {
        // another upload got this very name first (the clash that random names rule out)
        other = { ...picture, files: picture.files.map((file) => ({ ...file, bytes: new Uint8Array([1, 2, 3]) })) };
        await server.deps.pictureStorage.putPicture(organizationSlug, other);
        await server.deps.pictureStorage.putPicture(organizationSlug, picture);
      },
    };
    const attempt = updateCustomer({
      deps: { ...server.deps, pictureStorage: crowdedStorage },
      actor,
      lookup: { id: 256 },
      patch: { name: "Should not stick" },
      picture: { fileName: "logo.png", bytes: await makePng(32, 32) },
      channel: "api",
    });
    await expect(attempt).rejects.toThrow(PictureStorageError);
    expect(await show(server.deps, 256)).toEqual(before);
    const otherNames = other!.files.map((file) => file.fileName);
    expect(await storedFiles()).toEqual([...filesBefore, ...otherNames].sort());
    for (const name of otherNames) expect(new Uint8Array(await readFile(path.join(pictureDir(), name)))).toEqual(new Uint8Array([1, 2, 3]));
    expect(await pendingPictures()).toEqual([]);
    await server.deps.pictureStorage.deletePicture("entity1", other!.fileName);
  });

  it("fails instead of pointing at its picture when the sweep took the update for a dead one", async () => {
    const before = await show(server.deps, 256);
    const filesBefore = await storedFiles();
    const later = { ...server.deps, now: () => new Date(Date.now() + PENDING_PICTURE_GRACE_MS + 60_000) };
    const slowStorage: PictureStorage = {
      ...server.deps.pictureStorage,
      async putPicture(organizationSlug, picture) {
        await server.deps.pictureStorage.putPicture(organizationSlug, picture);
        // the update has outlived the grace period: the sweep finds its pending entry stale
        expect(await sweepPendingPictures({ deps: later })).toEqual({ deleted: 1 });
      },
    };
    const attempt = updateCustomer({
      deps: { ...server.deps, pictureStorage: slowStorage },
      actor,
      lookup: { id: 256 },
      patch: { name: "Should not stick" },
      picture: { fileName: "slow.png", bytes: await makePng(32, 32) },
      channel: "api",
    });
    await expect(attempt).rejects.toThrow("swept");
    expect(await show(server.deps, 256)).toEqual(before);
    expect(await storedFiles()).toEqual(filesBefore);
    expect(await pendingPictures()).toEqual([]);
  });

  it("spares a file while another pending entry still names it, and deletes it with the last one", async () => {
    const filesBefore = await storedFiles();
    const picture = await preparePicture({ fileName: "clash.png", bytes: await makePng(40, 40) }, new Date());
    await server.deps.pictureStorage.putPicture("entity1", picture);
    // a stale entry (a failed request) and a younger one (an update still running) for one name
    await addPendingPicture(server.deps.db, { organizationId: 1, fileName: picture.fileName });
    await sleep(50);
    const between = Date.now();
    await sleep(50);
    await addPendingPicture(server.deps.db, { organizationId: 1, fileName: picture.fileName });

    const onlyFirstStale = { ...server.deps, now: () => new Date(between + PENDING_PICTURE_GRACE_MS) };
    expect(await sweepPendingPictures({ deps: onlyFirstStale })).toEqual({ deleted: 0 });
    expect(await storedFiles()).toEqual([...filesBefore, ...picture.files.map((file) => file.fileName)].sort());
    expect(await pendingPictures()).toHaveLength(1);

    const later = { ...server.deps, now: () => new Date(Date.now() + PENDING_PICTURE_GRACE_MS + 60_000) };
    expect(await sweepPendingPictures({ deps: later })).toEqual({ deleted: 1 });
    expect(await storedFiles()).toEqual(filesBefore);
    expect(await pendingPictures()).toEqual([]);
  });

  it("sweeps the files of an update that crashed before its commit, but never a picture in use", async () => {
    const inUse = (await show(server.deps, 256)).logo!;
    // what a crash between storing and committing leaves behind: files and a pending entry
    const orphan = await preparePicture({ fileName: "crashed.png", bytes: await makePng(40, 40) }, new Date());
    await server.deps.pictureStorage.putPicture("entity1", orphan);
    await addPendingPicture(server.deps.db, { organizationId: 1, fileName: orphan.fileName });
    await addPendingPicture(server.deps.db, { organizationId: 1, fileName: inUse });

    const later = { ...server.deps, now: () => new Date(Date.now() + PENDING_PICTURE_GRACE_MS + 60_000) };
    expect(await sweepPendingPictures({ deps: later })).toEqual({ deleted: 1 });
    expect(await storedFiles()).toEqual([inUse, `medium_${inUse}`, `small_${inUse}`].sort());
    expect(await pendingPictures()).toEqual([]);
  });
});

describe("updateCustomer when PostgreSQL aborts its transaction", () => {
  it("runs the transaction again, and stores the picture once", async () => {
    const customer = await getCustomer({ deps: server.deps, actor, lookup: { reference: "NC-006" } });
    expect(customer.logo).toBeNull();
    const filesBefore = await storedFiles();
    const database = failingTransactions(server.deps.db, 1);
    const storage = countingStorage(server.deps.pictureStorage);

    const updated = await updateCustomer({
      deps: { ...server.deps, db: database.db, pictureStorage: storage.storage },
      actor,
      lookup: { id: customer.id },
      patch: { comment: "Stored on the second try" },
      picture: { fileName: "retried.png", bytes: await makePng(48, 48) },
      channel: "api",
    });

    expect(database.attempts()).toBe(2);
    expect(storage.calls).toEqual({ put: 1, delete: 0 });
    expect(updated).toMatchObject({ comment: "Stored on the second try", version: customer.version + 1 });
    expect(await storedFiles()).toEqual(
      [...filesBefore, updated.logo!, `medium_${updated.logo}`, `small_${updated.logo}`].sort(),
    );
    expect(await pendingPictures()).toEqual([]);
    const history = await listCustomerHistory(server.deps.db, { organizationId: 1, customerId: customer.id, limit: 10 });
    // one run's changes, not two
    expect(history.map(({ field, newValue }) => ({ field, newValue }))).toEqual(
      expect.arrayContaining([
        { field: "comment", newValue: "Stored on the second try" },
        { field: "logo", newValue: updated.logo },
      ]),
    );
    expect(history).toHaveLength(2);
  });

  it("gives up after three retries, leaving the customer as it was and no file behind", async () => {
    const before = await show(server.deps, 256);
    const filesBefore = await storedFiles();
    const database = failingTransactions(server.deps.db, Number.POSITIVE_INFINITY);
    const storage = countingStorage(server.deps.pictureStorage);

    const attempt = updateCustomer({
      deps: { ...server.deps, db: database.db, pictureStorage: storage.storage },
      actor,
      lookup: { id: 256 },
      patch: { comment: "Never stored" },
      picture: { fileName: "never.png", bytes: await makePng(48, 48) },
      channel: "api",
    });

    // not a domain error: the doors answer it as a 500
    await expect(attempt).rejects.toMatchObject({ code: "40001" });
    await expect(attempt).rejects.not.toBeInstanceOf(AppError);
    expect(database.attempts()).toBe(4);
    expect(storage.calls).toEqual({ put: 1, delete: 1 });
    expect(await show(server.deps, 256)).toEqual(before);
    expect(await storedFiles()).toEqual(filesBefore);
    expect(await pendingPictures()).toEqual([]);
  });
});
