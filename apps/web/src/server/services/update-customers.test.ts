import { findUserForLogin, listCustomerHistory } from "@cr/db/repositories";
import { AppError } from "@cr/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestServer, type TestServer } from "../../../test/support/test-server";
import { getCustomer } from "./get-customer";
import { updateCustomer } from "./update-customer";
import { type CustomerUpdateOutcome, updateCustomers } from "./update-customers";

let server: TestServer;
let actor: Awaited<ReturnType<typeof findUserForLogin>> & {};

beforeAll(async () => {
  server = await startTestServer();
  actor = (await findUserForLogin(server.deps.db, "admin@entity1.test"))!;
});

afterAll(async () => {
  await server?.close();
});

const show = (id: number) => getCustomer({ deps: server.deps, actor, lookup: { id } });
const historyOf = (customerId: number) => listCustomerHistory(server.deps.db, { organizationId: 1, customerId, limit: 100 });

/** What one update alone answers for this patch: the refusal's code, text and field. */
async function refusalOfOneUpdate(id: number, patch: Parameters<typeof updateCustomer>[0]["patch"]) {
  const error = await updateCustomer({ deps: server.deps, actor, lookup: { id }, patch, channel: "api" }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  const { code, message, field } = error as AppError;
  return { code, message, field };
}

/** `updateCustomers` as this file's actor, over the API channel, each item alone unless told. */
const runBatch = (options: Partial<Parameters<typeof updateCustomers>[0]> & { items: Parameters<typeof updateCustomers>[0]["items"] }) =>
  updateCustomers({ deps: server.deps, actor, channel: "api", atomic: false, ...options });

const describeOutcome = (outcome: CustomerUpdateOutcome) =>
  outcome.status === "updated"
    ? { status: outcome.status, id: outcome.customer.id, changes: outcome.changes.map((change) => change.field) }
    : { status: outcome.status, code: outcome.error.code, message: outcome.error.message, field: outcome.error.field };

describe("updateCustomers", () => {
  it("refuses an item with the very words one update answers, and an atomic batch then writes nothing", async () => {
    const [first, second] = [await show(260), await show(261)];
    const historyBefore = [(await historyOf(260)).length, (await historyOf(261)).length];
    const outcomes = await runBatch({
      atomic: true,
      items: [
        { lookup: { id: 260 }, patch: { comment: "atomic batch" } },
        { lookup: { id: 261 }, patch: { currency: "JPY" } },
        { lookup: { id: 999_999 }, patch: { comment: "nobody" } },
      ],
    });
    expect(outcomes.map(describeOutcome)).toEqual([
      {
        status: "notApplied",
        code: "not_applied",
        message: "Not applied: another item of this atomic batch was refused, so none was written.",
        field: undefined,
      },
      { status: "refused", ...(await refusalOfOneUpdate(261, { currency: "JPY" })) },
      { status: "refused", ...(await refusalOfOneUpdate(999_999, { comment: "nobody" })) },
    ]);
    expect(await show(260)).toEqual(first);
    expect(await show(261)).toEqual(second);
    expect([(await historyOf(260)).length, (await historyOf(261)).length]).toEqual(historyBefore);
  });

  it("writes the accepted items and only those when each item stands alone", async () => {
    const refusedBefore = await show(263);
    const outcomes = await runBatch({
      channel: "import",
      items: [
        { lookup: { id: 262 }, patch: { onHold: true, onHoldReason: "unpaid invoices" } },
        { lookup: { id: 263 }, patch: { comment: "refused with its row", billWithParent: true } },
        { lookup: { reference: "NC-3" }, patch: { phone: "+33 4 93 00 00 01" } },
      ],
    });
    expect(outcomes.map(describeOutcome)).toEqual([
      { status: "updated", id: 262, changes: ["onHold", "onHoldReason"] },
      { status: "refused", ...(await refusalOfOneUpdate(263, { comment: "refused with its row", billWithParent: true })) },
      { status: "updated", id: 256, changes: ["phone"] },
    ]);
    expect(await show(262)).toMatchObject({ onHold: true, onHoldReason: "unpaid invoices" });
    expect(await show(263)).toEqual(refusedBefore);
    const recorded = (await historyOf(262)).slice(0, 2).map(({ field, channel }) => ({ field, channel }));
    expect(recorded).toEqual(
      expect.arrayContaining([
        { field: "onHold", channel: "import" },
        { field: "onHoldReason", channel: "import" },
      ]),
    );
  });

  it("applies two items of one customer one after the other", async () => {
    const outcomes = await runBatch({
      atomic: true,
      items: [
        { lookup: { id: 264 }, patch: { creditLimit: 100 } },
        { lookup: { id: 264 }, patch: { creditLimit: 200 } },
      ],
    });
    expect(outcomes.map((outcome) => outcome.status === "updated" && outcome.changes)).toEqual([
      [expect.objectContaining({ field: "creditLimit", newValue: "100" })],
      [{ field: "creditLimit", oldValue: "100", newValue: "200" }],
    ]);
    expect((await show(264)).creditLimit).toBe(200);
  });

  it("finds a customer by the reference an earlier item gave it, and no longer by the old one", async () => {
    const { reference } = await show(266);
    const outcomes = await runBatch({
      items: [
        { lookup: { reference }, patch: { reference: "RENAMED-IN-BATCH" } },
        { lookup: { reference: "RENAMED-IN-BATCH" }, patch: { comment: "found by its new reference" } },
        { lookup: { reference }, patch: { comment: "not found by its old one" } },
      ],
    });
    expect(outcomes.map(describeOutcome)).toEqual([
      { status: "updated", id: 266, changes: ["reference"] },
      { status: "updated", id: 266, changes: ["comment"] },
      {
        status: "refused",
        code: "not_found",
        message: `The customer with the reference ${reference} doesn't exist.`,
        field: undefined,
      },
    ]);
    expect(await show(266)).toMatchObject({ reference: "RENAMED-IN-BATCH", comment: "found by its new reference" });
  });

  it("previews each item's changes, old and new values, and writes nothing", async () => {
    const before = await show(265);
    const outcomes = await runBatch({
      channel: "import",
      preview: true,
      items: [
        { lookup: { id: 265 }, patch: { name: "Previewed name", isActive: before.isActive } },
        { lookup: { id: 265 }, patch: { currency: "JPY" } },
      ],
    });
    expect(outcomes[0]).toMatchObject({
      status: "updated",
      changes: [{ field: "name", oldValue: before.name, newValue: "Previewed name" }],
    });
    expect(outcomes[1]).toMatchObject({ status: "refused", error: { code: "invalid_param", field: "currency" } });
    expect(await show(265)).toEqual(before);
  });

  it("refuses a write only the database can refuse with one update's words, and writes the items around it", async () => {
    const taken = (await show(256)).reference;
    const before = { refused: await show(257), first: await show(258), last: await show(259) };
    const historyBefore = [(await historyOf(258)).length, (await historyOf(259)).length];
    const items = [
      { lookup: { id: 258 }, patch: { comment: "before the taken reference" } },
      { lookup: { id: 257 }, patch: { reference: taken } },
      // reads its category: after the failed write, a read that fails too
      { lookup: { id: 259 }, patch: { comment: "after the taken reference", categoryId: before.last.categoryId } },
    ];
    const refusal = { status: "refused", ...(await refusalOfOneUpdate(257, { reference: taken })) };

    const atomic = await runBatch({ atomic: true, items });
    expect(atomic.map((outcome) => outcome.status)).toEqual(["notApplied", "refused", "notApplied"]);
    expect(describeOutcome(atomic[1]!)).toEqual(refusal);
    expect([await show(257), await show(258), await show(259)]).toEqual([before.refused, before.first, before.last]);

    const eachAlone = await runBatch({ items });
    expect(eachAlone.map(describeOutcome)).toEqual([
      { status: "updated", id: 258, changes: ["comment"] },
      refusal,
      { status: "updated", id: 259, changes: ["comment"] },
    ]);
    expect(await show(257)).toEqual(before.refused);
    // written once: the attempt rolled back to find the refused item left nothing behind
    expect(await show(258)).toMatchObject({ comment: "before the taken reference", version: before.first.version + 1 });
    expect(await show(259)).toMatchObject({ comment: "after the taken reference", version: before.last.version + 1 });
    expect([(await historyOf(258)).length, (await historyOf(259)).length]).toEqual(historyBefore.map((count) => count + 1));
  });

  it("lets an item take the reference an earlier item gave up, as two requests in turn would", async () => {
    const [giving, taking] = [await show(262), await show(263)];
    const given = giving.reference;
    const outcomes = await runBatch({
      atomic: true,
      items: [
        { lookup: { id: 262 }, patch: { reference: `${given}-OLD` } },
        { lookup: { id: 263 }, patch: { reference: given } },
      ],
    });
    // one UPDATE of both checks the unique reference row by row, in no set order: the items then go one by one
    expect(outcomes.map(describeOutcome)).toEqual([
      { status: "updated", id: 262, changes: ["reference"] },
      { status: "updated", id: 263, changes: ["reference"] },
    ]);
    expect(await show(262)).toMatchObject({ reference: `${given}-OLD`, version: giving.version + 1 });
    expect(await show(263)).toMatchObject({ reference: given, version: taking.version + 1 });
  });

  it("answers each written customer as stored: the batch's answer equals what a read shows after it", async () => {
    const outcomes = await runBatch({
      items: [
        { lookup: { id: 258 }, patch: { creditLimit: 4321, paymentTypes: [] } },
        { lookup: { id: 259 }, patch: { name: "Answered as stored" } },
        { lookup: { id: 258 }, patch: { comment: "second item of 258" } },
      ],
    });
    const answered = outcomes.map((outcome) => (outcome.status === "updated" ? outcome.customer : outcome.status));
    expect(answered[1]).toEqual(await show(259));
    expect(answered[2]).toEqual(await show(258));
  });

  it("checks a parent against the tree as the items before it left it: a loop of two items is refused", async () => {
    const outcomes = await runBatch({
      items: [
        { lookup: { id: 256 }, patch: { parentCustomerId: 257 } },
        { lookup: { id: 257 }, patch: { parentCustomerId: 256 } },
      ],
    });
    expect(outcomes.map(describeOutcome)).toEqual([
      { status: "updated", id: 256, changes: expect.arrayContaining(["parentCustomerId"]) },
      { status: "refused", ...(await refusalOfOneUpdate(257, { parentCustomerId: 256 })) },
    ]);
    expect((await show(256)).parentCustomer?.id).toBe(257);
    expect((await show(257)).parentCustomer?.id ?? null).not.toBe(256);
  });
});
