import { describe, expect, it } from "vitest";

import { type Actor, assertCan, can, type Permission, permissions, type TokenScope, tokenScopes, type UserRole, userRoles } from "./authorization";

/** What each role may do, signed in and through each token scope: the rule set as a table. */
const expected: Record<UserRole, Record<"session" | TokenScope, Permission[]>> = {
  admin: {
    session: ["customers.read", "customers.write", "organization.manage"],
    write: ["customers.read", "customers.write"],
    read: ["customers.read"],
  },
  editor: {
    session: ["customers.read", "customers.write"],
    write: ["customers.read", "customers.write"],
    read: ["customers.read"],
  },
  viewer: {
    session: ["customers.read"],
    write: ["customers.read"],
    read: ["customers.read"],
  },
};

describe("can: a role, and a token acting with the lesser of its scope and its owner's role", () => {
  for (const role of userRoles) {
    for (const credential of ["session", ...tokenScopes] as const) {
      it(`${role} with ${credential === "session" ? "a session" : `a ${credential} token`}`, () => {
        const actor: Actor = { role, tokenScope: credential === "session" ? null : credential };
        expect(permissions.filter((permission) => can(actor, permission))).toEqual(expected[role][credential]);
      });
    }
  }
});

describe("assertCan", () => {
  it("refuses with 403 forbidden, saying why", () => {
    expect(() => assertCan({ role: "viewer", tokenScope: null }, "customers.write")).toThrow(
      expect.objectContaining({ code: "forbidden", status: 403, message: "Your role does not allow changing customers." }),
    );
    expect(() => assertCan({ role: "admin", tokenScope: "read" }, "customers.write")).toThrow(
      expect.objectContaining({
        code: "forbidden",
        message: "This API token's scope (read) does not allow it: Your role does not allow changing customers.",
      }),
    );
  });

  it("lets through what the rule set allows", () => {
    expect(() => assertCan({ role: "editor", tokenScope: "write" }, "customers.write")).not.toThrow();
  });
});
