import { seedBulkCustomers } from "@cr/db/seed";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { makePng } from "../../../../test/pictures/images";
import { startTestServer, type TestServer, trpcCallerFor } from "../../../../test/support/test-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 30 });
});

afterAll(async () => {
  await server?.close();
});

describe("customer router", () => {
  it("needs a session for every procedure", async () => {
    const anonymous = await trpcCallerFor(server.deps);
    await expect(anonymous.customer.byId({ id: 256 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.customer.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.customer.update({ id: 256, patch: { name: "x" } })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("sees only the user's organization", async () => {
    const entity2 = await trpcCallerFor(server.deps, "admin@entity2.test");
    const refusal = await entity2.customer.byId({ id: 256 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: "NOT_FOUND", cause: { code: "not_found" } });
    await expect(entity2.customer.update({ id: 256, patch: { name: "Stolen" } })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const list = await entity2.customer.list({ search: "Marie's Jewelry" });
    expect(list.items.map((item) => item.id)).not.toContain(256);
  });

  it("updates with the typed patch and answers the stored customer", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    const updated = await caller.customer.update({ id: 256, patch: { creditLimit: 12500, onHold: true, onHoldReason: "Audit" } });
    expect(updated).toMatchObject({ id: 256, creditLimit: 12500, onHold: true, onHoldReason: "Audit" });
    expect(await caller.customer.byId({ id: 256 })).toEqual(updated);

    const history = await caller.customer.history({ id: 256 });
    expect(history.map((entry) => [entry.field, entry.newValue, entry.channel])).toEqual(
      expect.arrayContaining([
        ["creditLimit", "12500", "ui"],
        ["onHold", "true", "ui"],
        ["onHoldReason", "Audit", "ui"],
      ]),
    );
  });

  it("does not overwrite a customer changed since the form loaded it", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    const loaded = await caller.customer.byId({ id: 257 });
    const saved = await caller.customer.update({ id: 257, patch: { comment: "first save" }, expectedVersion: loaded.version });
    expect(saved.version).toBe(loaded.version + 1);

    const stale = caller.customer.update({ id: 257, patch: { comment: "second save" }, expectedVersion: loaded.version });
    await expect(stale).rejects.toMatchObject({ code: "PRECONDITION_FAILED", cause: { code: "precondition_failed" } });
    expect(await caller.customer.byId({ id: 257 })).toMatchObject({ comment: "first save", version: saved.version });
  });

  it("carries the domain code and the field of a refusal", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    const refusal = await caller.customer.update({ id: 256, patch: { latitude: 123, isSameAddress: false } }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "BAD_REQUEST", cause: { code: "invalid_param", field: "latitude" } });
  });

  it("refuses a NUL character in a string as a wrong type, and changes nothing", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    const before = await caller.customer.byId({ id: 256 });
    for (const patch of [{ comment: "a\u0000b" }, { name: "\u0000" }, { customerSegmentationId: "seg_a\u0000" }]) {
      const refusal = await caller.customer.update({ id: 256, patch }).catch((error: unknown) => error);
      const [field] = Object.keys(patch);
      expect(refusal).toMatchObject({
        code: "BAD_REQUEST",
        message: `The type of parameter ${field} you provided is not valid for this request.`,
        cause: { code: "invalid_param_type", field },
      });
    }
    expect(await caller.customer.byId({ id: 256 })).toEqual(before);

    const search = await caller.customer.list({ search: "Marie\u0000" }).catch((error: unknown) => error);
    expect(search).toMatchObject({ code: "BAD_REQUEST", cause: { code: "invalid_param_type", field: "search" } });
  });

  it("searches by name or reference, filters and pages", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    const byReference = await caller.customer.list({ search: "NC-3" });
    expect(byReference.items.map((item) => item.reference)).toContain("NC-3");

    const onHold = await caller.customer.list({ onHold: true, limit: 100 });
    expect(onHold.items.every((item) => item.onHold)).toBe(true);

    const pageOne = await caller.customer.list({ sort: "reference", limit: 10, offset: 0 });
    const pageTwo = await caller.customer.list({ sort: "reference", limit: 10, offset: 10 });
    expect(pageOne).toMatchObject({ total: 31, totalIsExact: true });
    expect(new Set([...pageOne.items, ...pageTwo.items].map((item) => item.id)).size).toBe(20);
  });

  it("pages with the cursors of its answers, to the end and back, through the pages offset reads", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    const query = { sort: "creditLimit", order: "desc", limit: 10 } as const;
    const byOffset = await Promise.all([0, 10, 20, 30].map((offset) => caller.customer.list({ ...query, offset })));

    let page = await caller.customer.list(query);
    expect(page.previousCursor).toBeNull();
    const forwards = [page];
    while (page.nextCursor) {
      page = await caller.customer.list({ ...query, cursor: page.nextCursor });
      forwards.push(page);
    }
    expect(forwards.map((answer) => answer.items)).toEqual(byOffset.map((answer) => answer.items));

    const backwards = [page];
    while (page.previousCursor) {
      page = await caller.customer.list({ ...query, cursor: page.previousCursor });
      backwards.unshift(page);
    }
    expect(backwards.map((answer) => answer.items)).toEqual(byOffset.map((answer) => answer.items));
    expect(backwards[0]!.previousCursor).toBeNull();
    expect(forwards.at(-1)!.nextCursor).toBeNull();
  });

  it("refuses a cursor it did not make, one made for another sort, and a cursor with an offset", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    const { nextCursor } = await caller.customer.list({ sort: "name", limit: 5 });
    const refusalOf = (input: Parameters<typeof caller.customer.list>[0]) =>
      caller.customer.list(input).catch((error: unknown) => error);

    const forged = Buffer.from(JSON.stringify({ s: "name", o: "asc", d: "after", v: 12, i: 1 })).toString("base64url");
    for (const cursor of ["not a cursor", forged, Buffer.from("{").toString("base64url")]) {
      expect(await refusalOf({ sort: "name", cursor })).toMatchObject({
        code: "BAD_REQUEST",
        cause: { code: "invalid_param_type", field: "cursor" },
      });
    }
    expect(await refusalOf({ sort: "reference", cursor: nextCursor! })).toMatchObject({
      code: "BAD_REQUEST",
      cause: { code: "invalid_param", field: "cursor" },
    });
    expect(await refusalOf({ sort: "name", cursor: nextCursor!, offset: 5 })).toMatchObject({
      code: "BAD_REQUEST",
      cause: { code: "invalid_param", field: "offset" },
    });
  });

  it("counts a large organization's customers up to 1,000 and says there are more", async () => {
    const entity2 = await trpcCallerFor(server.deps, "admin@entity2.test");
    const categories = await entity2.reference.options({ kind: "category", limit: 100 });
    await seedBulkCustomers(server.deps.db, {
      organizationId: 2,
      count: 1000,
      prefix: "MANY",
      categoryIds: categories.map((category) => category.id),
      currency: "EUR",
    });
    expect(await entity2.customer.list({ limit: 5 })).toMatchObject({ total: 1000, totalIsExact: false });
    expect(await entity2.customer.list({ search: "MANY-00010", limit: 5 })).toMatchObject({ total: 10, totalIsExact: true });
  });
});

describe("customer.uploadLogo", () => {
  it("stores a picture through the same service and refuses what the legacy door refuses", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    const upload = (bytes: Uint8Array, name: string) => {
      const form = new FormData();
      form.set("id", "256");
      form.set("imageFile", new File([new Uint8Array(bytes)], name));
      return caller.customer.uploadLogo(form);
    };

    const updated = await upload(await makePng(256, 256), "Logo.png");
    expect(updated.logo).toMatch(/^\d+_[0-9a-f]{16}_logo\.png$/);

    const before = await caller.customer.byId({ id: 256 });
    const refusal = await upload(new TextEncoder().encode("<html></html>"), "fake.png").catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "BAD_REQUEST", cause: { code: "unsupported_file_type", field: "imageFile" } });
    expect(await caller.customer.byId({ id: 256 })).toEqual(before);
  });
});

describe("customer.bulkUpdate", () => {
  it("previews, then applies one patch to the ticked customers", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    const before = await caller.customer.byId({ id: 258 });
    const patch = { onHold: true, onHoldReason: "Bulk through tRPC" };

    const preview = await caller.customer.bulkUpdate({ selection: { ids: [258] }, patch, preview: true });
    expect(preview.customers).toEqual([
      expect.objectContaining({ id: 258, status: "updated", changes: expect.arrayContaining([expect.objectContaining({ field: "onHoldReason" })]) }),
    ]);
    expect(await caller.customer.byId({ id: 258 })).toEqual(before);

    const applied = await caller.customer.bulkUpdate({ selection: { ids: [258] }, patch, preview: false });
    expect(applied).toMatchObject({ changed: 1, refused: 0 });
    expect(await caller.customer.byId({ id: 258 })).toMatchObject(patch);
  });

  it("refuses a field a bulk edit does not set, and writes nothing", async () => {
    const caller = await trpcCallerFor(server.deps, "admin@entity1.test");
    const before = await caller.customer.byId({ id: 259 });
    const refusal = await caller.customer
      .bulkUpdate({ selection: { ids: [259] }, patch: { name: "Same name for all" } as never, preview: false })
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "BAD_REQUEST", cause: { code: "invalid_param" } });
    expect(await caller.customer.byId({ id: 259 })).toEqual(before);
  });
});
