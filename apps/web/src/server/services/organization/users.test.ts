import { type AuthenticatedUser, findUserBySessionToken, findUserForLogin, listAuditEvents, listOrganizationUsers } from "@cr/db/repositories";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { sessionTokenOf, startTestServer, type TestServer } from "../../../../test/support/test-server";
import { changeUserRole, createOrganizationUser, deactivateUser } from "./users";

let server: TestServer;
let admin: AuthenticatedUser;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 1 });
  admin = { ...(await findUserForLogin(server.deps.db, "admin@entity1.test"))!, tokenScope: null };
});

afterAll(async () => {
  await server?.close();
});

const roleOf = async (email: string) => (await listOrganizationUsers(server.deps.db, 1)).find((user) => user.email === email)?.role;

describe("an organization's users, as its admins manage them", () => {
  it("creates a user with a role, and records who did it", async () => {
    const { id } = await createOrganizationUser({
      deps: server.deps,
      actor: admin,
      user: { email: "ana@entity1.test", name: "Ana", reference: "emp-ana", password: "ana-password", role: "editor" },
    });
    expect(await roleOf("ana@entity1.test")).toBe("editor");
    const [event] = await listAuditEvents(server.deps.db, { organizationId: 1, limit: 1 });
    expect(event).toMatchObject({ action: "user.created", target: `user:${id}`, actor: { id: admin.id }, details: { role: "editor" } });
  });

  it("refuses an e-mail another user signs in with, in any organization", async () => {
    await expect(
      createOrganizationUser({
        deps: server.deps,
        actor: admin,
        user: { email: "admin@entity2.test", name: "X", reference: "emp-x", password: "x-password", role: "viewer" },
      }),
    ).rejects.toMatchObject({ code: "not_unique", field: "email" });
  });

  it("never demotes nor deactivates the organization's last active admin", async () => {
    await expect(changeUserRole({ deps: server.deps, actor: admin, userId: admin.id, role: "viewer" })).rejects.toMatchObject({
      code: "invalid_param",
      message: "The organization's last active admin can be neither demoted nor deactivated.",
    });
    await expect(deactivateUser({ deps: server.deps, actor: admin, userId: admin.id })).rejects.toMatchObject({ code: "invalid_param" });
    expect(await roleOf("admin@entity1.test")).toBe("admin");
  });

  it("keeps one admin when two admins demote each other at once", async () => {
    const ana = (await listOrganizationUsers(server.deps.db, 1)).find((user) => user.email === "ana@entity1.test")!;
    await changeUserRole({ deps: server.deps, actor: admin, userId: ana.id, role: "admin" });
    const anaActor: AuthenticatedUser = { ...(await findUserForLogin(server.deps.db, "ana@entity1.test"))!, tokenScope: null };
    const outcomes = await Promise.allSettled([
      changeUserRole({ deps: server.deps, actor: admin, userId: ana.id, role: "editor" }),
      changeUserRole({ deps: server.deps, actor: anaActor, userId: admin.id, role: "editor" }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const admins = (await listOrganizationUsers(server.deps.db, 1)).filter((user) => user.role === "admin" && user.active);
    expect(admins).toHaveLength(1);
    // put admin back for the next tests
    if (admins[0]!.email !== "admin@entity1.test") {
      await changeUserRole({ deps: server.deps, actor: { ...anaActor, role: "admin" }, userId: admin.id, role: "admin" });
    }
  });

  it("deactivating a user ends their session at once", async () => {
    const session = await sessionTokenOf(server.deps, "sales@entity1.test");
    const sales = (await findUserBySessionToken(server.deps.db, session, new Date()))!;
    await deactivateUser({ deps: server.deps, actor: admin, userId: sales.id });
    expect(await findUserBySessionToken(server.deps.db, session, new Date())).toBeUndefined();
    expect((await listOrganizationUsers(server.deps.db, 1)).find((user) => user.id === sales.id)).toMatchObject({ active: false });
  });

  it("answers another organization's user as one that does not exist", async () => {
    await expect(changeUserRole({ deps: server.deps, actor: admin, userId: 3, role: "viewer" })).rejects.toMatchObject({ code: "not_found" });
  });
});
