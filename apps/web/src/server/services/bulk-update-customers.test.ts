import { findCustomerIdsMatching, findUserForLogin, listCustomerHistory } from "@cr/db/repositories";
import { seedBulkCustomers } from "@cr/db/seed";
import { AppError, type CustomerBulkPatch } from "@cr/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestServer, type TestServer } from "../../../test/support/test-server";
import { type BulkEditSelection, bulkUpdateCustomers } from "./bulk-update-customers";
import { getCustomer } from "./get-customer";
import { listCustomers } from "./list-customers";
import { updateCustomer } from "./update-customer";

let server: TestServer;
type Actor = Awaited<ReturnType<typeof findUserForLogin>> & {};
let actor: Actor;
let otherActor: Actor;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 30 });
  actor = (await findUserForLogin(server.deps.db, "admin@entity1.test"))!;
  otherActor = (await findUserForLogin(server.deps.db, "admin@entity2.test"))!;
});

afterAll(async () => {
  await server?.close();
});

const show = (id: number, as = actor) => getCustomer({ deps: server.deps, actor: as, lookup: { id } });
const historyLength = async (id: number) =>
  (await listCustomerHistory(server.deps.db, { organizationId: 1, customerId: id, limit: 500 })).length;
const bulkEdit = (selection: BulkEditSelection, patch: CustomerBulkPatch, preview: boolean, as = actor) =>
  bulkUpdateCustomers({ deps: server.deps, actor: as, selection, patch, preview });

/** What one update of this customer alone answers for this patch: its code, text and field. */
async function refusalOfOneUpdate(id: number, patch: CustomerBulkPatch) {
  const error = await updateCustomer({ deps: server.deps, actor, lookup: { id }, patch, channel: "ui" }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  const { code, message, field } = error as AppError;
  return { code, message, field: field ?? null };
}

async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, message: (error as AppError).message };
}

describe("bulkUpdateCustomers", () => {
  it("previews each ticked customer's changes, old and new, and writes nothing", async () => {
    const before = [await show(257), await show(258)];
    const histories = [await historyLength(257), await historyLength(258)];
    const result = await bulkEdit({ ids: [258, 257] }, { onHold: true, onHoldReason: "Bulk preview", categoryId: 4 }, true);

    expect(result.customers.map(({ id }) => id).sort()).toEqual([257, 258]);
    for (const customer of result.customers) {
      const current = before.find((view) => view.id === customer.id)!;
      expect(customer).toMatchObject({ reference: current.reference, name: current.name, status: "updated" });
      expect(customer.status === "updated" && customer.changes).toEqual(
        [
          current.categoryId === 4 ? undefined : { field: "categoryId", oldValue: String(current.categoryId), newValue: "4" },
          current.onHold ? undefined : { field: "onHold", oldValue: "false", newValue: "true" },
          { field: "onHoldReason", oldValue: current.onHoldReason, newValue: "Bulk preview" },
        ].filter(Boolean),
      );
    }
    expect(result).toMatchObject({ changed: 2, unchanged: 0, refused: 0 });
    expect([await show(257), await show(258)]).toEqual(before);
    expect([await historyLength(257), await historyLength(258)]).toEqual(histories);
  });

  it("writes the accepted customers and only those, and refuses another organization's with one update's words", async () => {
    const [stranger] = await findCustomerIdsMatching(server.deps.db, { organizationId: 2, filter: {}, limit: 1 });
    const strangerBefore = await show(stranger!.id, otherActor);
    const patch = { onHold: true, onHoldReason: "Bulk hold", paymentTypes: [9] };

    const result = await bulkEdit({ ids: [259, stranger!.id, 260] }, patch, false);

    expect(result.customers.find((customer) => customer.id === stranger!.id)).toEqual({
      id: stranger!.id,
      reference: null,
      name: null,
      status: "refused",
      refusal: await refusalOfOneUpdate(stranger!.id, patch),
    });
    expect(result).toMatchObject({ changed: 2, refused: 1 });
    for (const id of [259, 260]) {
      expect(await show(id)).toMatchObject({ onHold: true, onHoldReason: "Bulk hold", paymentTypes: [expect.objectContaining({ id: 9 })] });
      const recorded = await listCustomerHistory(server.deps.db, { organizationId: 1, customerId: id, limit: 5 });
      expect(recorded.filter((entry) => entry.field === "onHoldReason")).toEqual([
        expect.objectContaining({ channel: "ui", newValue: "Bulk hold" }),
      ]);
    }
    expect(await show(stranger!.id, otherActor)).toEqual(strangerBefore);
  });

  it("leaves a customer that breaks a rule as it was, with the text one update gives, and writes the others", async () => {
    // a sub-customer whose parent was lost: every update of it is refused until a parent is given
    await server.deps.db.execute("update customers set is_sub_customer = true, parent_customer_id = null where id = 262");
    const brokenBefore = await show(262);
    const historyBefore = await historyLength(262);
    const patch = { isActive: false };

    const result = await bulkEdit({ ids: [261, 262] }, patch, false);

    expect(result.customers.find((customer) => customer.id === 262)).toMatchObject({
      status: "refused",
      refusal: await refusalOfOneUpdate(262, patch),
    });
    expect((await show(261)).isActive).toBe(false);
    expect(await show(262)).toEqual(brokenBefore);
    expect(await historyLength(262)).toBe(historyBefore);
  });

  it("refuses every customer alike when the value itself is refused, and writes nothing", async () => {
    const before = [await show(263), await show(264)];
    const patch = { regionId: 1 }; // a country: the organization files customers by state
    const result = await bulkEdit({ ids: [263, 264] }, patch, false);
    expect(result.customers.map((customer) => customer.status === "refused" && customer.refusal)).toEqual([
      await refusalOfOneUpdate(263, patch),
      await refusalOfOneUpdate(264, patch),
    ]);
    expect(result.customers[0]).toMatchObject({ refusal: { field: "regionId", code: "invalid_param" } });
    expect([await show(263), await show(264)]).toEqual(before);
  });

  it.each([
    { search: "bakery" },
    { search: "NC-0", isActive: true },
    { onHold: false, categoryId: 3 },
    { isActive: false },
  ])("selects exactly the customers the list shows for %o", async (filter) => {
    const list = await listCustomers({ deps: server.deps, actor, query: { ...filter, limit: 100 } });
    expect(list.total).toBeGreaterThan(0);
    const result = await bulkEdit({ filter }, { customerSegmentationId: 2 }, true);
    expect(result.customers.map(({ id }) => id).sort((a, b) => a - b)).toEqual(
      list.items.map(({ id }) => id).sort((a, b) => a - b),
    );
  });

  it("refuses more than 5,000 customers, by filter or ticked, and writes nothing", async () => {
    await seedBulkCustomers(server.deps.db, { organizationId: 2, count: 5001, prefix: "CAP", categoryIds: [6], currency: "EUR" });
    const patch = { isActive: false };
    const expected = {
      code: "invalid_param",
      message:
        "A bulk edit changes at most 5,000 customers at once, and more are selected: narrow the filter, or use a CSV import.",
    };

    expect(await refusalOf(bulkEdit({ filter: { search: "CAP-" } }, patch, false, otherActor))).toEqual(expected);
    const ids = (await findCustomerIdsMatching(server.deps.db, { organizationId: 2, filter: { search: "CAP-" }, limit: 6000 })).map(
      ({ id }) => id,
    );
    expect(ids).toHaveLength(5001);
    expect(await refusalOf(bulkEdit({ ids }, patch, false, otherActor))).toEqual(expected);

    const inactive = await listCustomers({ deps: server.deps, actor: otherActor, query: { search: "CAP-", isActive: false, limit: 1 } });
    expect(inactive.total).toBe(0);
  });

  it("refuses an empty selection and a patch that sets nothing", async () => {
    expect(await refusalOf(bulkEdit({ ids: [] }, { onHold: true }, false))).toEqual({
      code: "invalid_param",
      message: "Select at least one customer.",
    });
    expect(await refusalOf(bulkEdit({ ids: [257] }, {}, false))).toEqual({
      code: "invalid_param",
      message: "Choose at least one field to change.",
    });
  });
});
