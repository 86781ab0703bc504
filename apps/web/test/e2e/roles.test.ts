/**
 * What each role is shown, in a real Chromium against the built app: a
 * viewer finds no control that would write (on the list, a customer, the
 * import page) and no admin page; an admin manages users and API tokens, sees
 * the server's refusals where they belong, and finds each change in the
 * audit log, newest first, a page at a time.
 */
import type { Page } from "playwright-core";
import superjson from "superjson";
import { describe, expect, it } from "vitest";

import { useBrowserApp } from "./support/browser-app";

const PASSWORD = "e2e-password";

const e2e = useBrowserApp({ password: PASSWORD, timeoutMs: 15_000 });

async function signInAs(email: string) {
  await e2e.browser.context.clearCookies();
  await e2e.page.goto(`${e2e.app.baseUrl}/sign-in`);
  await expect.poll(() => e2e.page.getByRole("button", { name: "Sign in" }).isEnabled()).toBe(true);
  await e2e.page.getByLabel("Email").fill(email);
  await e2e.page.getByLabel("Password").fill(PASSWORD);
  await e2e.page.getByRole("button", { name: "Sign in" }).click();
  await e2e.page.waitForURL(`${e2e.app.baseUrl}/customers`);
}

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

/** A tRPC mutation with the browser's session, as the page sends it. */
async function trpcMutation(procedure: string, input: unknown): Promise<Response> {
  const session = (await e2e.browser.context.cookies(e2e.app.baseUrl)).find((cookie) => cookie.name === "JSESSIONID");
  return fetch(`${e2e.app.baseUrl}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: `JSESSIONID=${session?.value}` },
    body: JSON.stringify(superjson.serialize(input)),
  });
}

describe("a viewer", () => {
  it("reads the list, with no selection to bulk edit and no import", async () => {
    await signInAs("viewer@entity1.test");
    await expect.poll(() => e2e.page.getByRole("status").filter({ hasText: "customers" }).textContent()).toMatch(/of \d+ customers$/);

    expect(await e2e.page.getByRole("table").getByRole("link").count()).toBeGreaterThan(0);
    expect(await e2e.page.getByRole("table").getByRole("checkbox").count()).toBe(0);
    expect(await e2e.page.getByRole("button", { name: /Edit selected/ }).count()).toBe(0);
    expect(await e2e.page.getByRole("link", { name: "Import CSV" }).count()).toBe(0);
    // reading is theirs: the export stays
    expect(await e2e.page.getByRole("link", { name: "Export CSV" }).count()).toBe(1);
    expect(await mainNav(e2e.page).getByRole("link").allTextContents()).toEqual(["Customers"]);
  });

  it("reads a customer with every field disabled, no Save and no logo upload", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/customers/256`);
    const form = e2e.page.getByRole("form", { name: "Customer" });
    await expect.poll(() => e2e.page.getByText("Your role can read this customer, not change it.").isVisible()).toBe(true);
    // the fields get their values once React runs: from then on, they are the ones to check
    await expect.poll(() => form.getByLabel("Name", { exact: true }).inputValue()).toBe("Marie's Jewelry");
    const controls = form.locator("input, select, textarea, button");
    const states = await controls.evaluateAll((elements) =>
      elements.map((element) => ({
        name: element.id || element.getAttribute("aria-label") || element.textContent,
        // `:disabled`, not the `disabled` property: a control inside a disabled fieldset is disabled without its own attribute
        writable: !element.matches(":disabled") && !(element as HTMLInputElement).readOnly,
      })),
    );
    expect(states.length).toBeGreaterThan(20);
    expect(states.filter((state) => state.writable)).toEqual([]);
    expect(await form.getByLabel("Credit limit").isEditable()).toBe(false);

    expect(await e2e.page.getByRole("button", { name: "Save", exact: true }).count()).toBe(0);
    expect(await e2e.page.locator('input[type="file"]').count()).toBe(0);
    // the logo is still shown, only its upload is gone
    expect(await e2e.page.getByRole("region", { name: "Logo" }).count()).toBe(1);
    expect(e2e.pageErrors).toEqual([]);
  });

  it("is told at the import page that the role does not allow importing, with no file to pick", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/customers/import`);
    await expect.poll(() => e2e.page.getByText("Your role does not allow importing customers").isVisible()).toBe(true);
    expect(await e2e.page.locator('input[type="file"]').count()).toBe(0);
    expect(await e2e.page.getByRole("button", { name: "Preview" }).count()).toBe(0);
  });

  it("is told at an admin page's address that only admins open it", async () => {
    for (const path of ["/admin/users", "/admin/api-tokens", "/admin/audit"]) {
      await e2e.page.goto(`${e2e.app.baseUrl}${path}`);
      await expect.poll(() => e2e.page.getByText("Only admins of the organization can open this page.").isVisible()).toBe(true);
      expect(await e2e.page.getByRole("table").count()).toBe(0);
      expect(await e2e.page.getByRole("button", { name: /^Create/ }).count()).toBe(0);
    }
    expect(e2e.pageErrors).toEqual([]);
  });
});

describe("an admin", () => {
  const userRow = (email: string) => e2e.page.getByRole("row").filter({ hasText: email });

  it("creates a user, and sees a refused e-mail next to its field", async () => {
    await signInAs("admin@entity1.test");
    await mainNav(e2e.page).getByRole("link", { name: "Users" }).click();
    await e2e.page.waitForURL(`${e2e.app.baseUrl}/admin/users`);
    const form = e2e.page.getByRole("form", { name: "New user" });
    await expect.poll(() => form.getByRole("button", { name: "Create user" }).isEnabled()).toBe(true);

    await form.getByLabel("Name").fill("Nina New");
    await form.getByLabel("E-mail").fill("nina@entity1.test");
    await form.getByLabel("Reference").fill("emp-100");
    await form.getByLabel("Initial password").fill("nina-password");
    await form.getByLabel("Role", { exact: true }).selectOption("viewer");
    await form.getByRole("button", { name: "Create user" }).click();

    await expect.poll(() => form.getByRole("status").textContent()).toBe("nina@entity1.test can now sign in as viewer.");
    await expect.poll(() => userRow("nina@entity1.test").count()).toBe(1);
    expect(await e2e.page.getByLabel("Role of nina@entity1.test").inputValue()).toBe("viewer");
    expect(await userRow("nina@entity1.test").textContent()).toContain("Never");

    // the same e-mail again: the server's refusal, under the field
    await form.getByLabel("Name").fill("Nina Again");
    await form.getByLabel("E-mail").fill("nina@entity1.test");
    await form.getByLabel("Reference").fill("emp-101");
    await form.getByLabel("Initial password").fill("nina-password");
    await form.getByRole("button", { name: "Create user" }).click();
    const email = form.getByLabel("E-mail");
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    expect(await form.locator("#new-user-email-error").textContent()).toBe("email already used");
  });

  it("changes a role, and sees the last admin's demotion refused next to it", async () => {
    const changed = e2e.page.waitForResponse((response) => response.url().includes("/api/trpc/user.changeRole"));
    await e2e.page.getByLabel("Role of nina@entity1.test").selectOption("editor");
    expect((await changed).status()).toBe(200);
    await e2e.page.reload();
    await expect.poll(() => e2e.page.getByLabel("Role of nina@entity1.test").inputValue()).toBe("editor");

    const ownRole = e2e.page.getByLabel("Role of admin@entity1.test");
    await expect.poll(() => e2e.page.getByRole("button", { name: "Create user" }).isEnabled()).toBe(true);
    await ownRole.selectOption("viewer");
    const refusal = userRow("admin@entity1.test").getByRole("alert");
    await expect.poll(() => refusal.textContent()).toBe("The organization's last active admin can be neither demoted nor deactivated.");
    // the select shows the stored role again
    await expect.poll(() => ownRole.inputValue()).toBe("admin");
  });

  it("deactivates a user after confirming", async () => {
    const row = userRow("nina@entity1.test");
    await row.getByRole("button", { name: "Deactivate nina@entity1.test" }).click();
    // asked first: nothing happened yet
    expect(await row.getByText("Active", { exact: true }).count()).toBe(1);
    await row.getByRole("button", { name: "Yes, deactivate" }).click();
    await expect.poll(() => row.getByText("Deactivated", { exact: true }).count()).toBe(1);
    expect(await e2e.page.getByLabel("Role of nina@entity1.test").isDisabled()).toBe(true);
    expect(await row.getByRole("button", { name: /Deactivate/ }).count()).toBe(0);
  });

  let secret = "";

  it("creates a read token and sees its secret once", async () => {
    await mainNav(e2e.page).getByRole("link", { name: "API tokens" }).click();
    await e2e.page.waitForURL(`${e2e.app.baseUrl}/admin/api-tokens`);
    const form = e2e.page.getByRole("form", { name: "New API token" });
    await expect.poll(() => form.getByRole("button", { name: "Create token" }).isEnabled()).toBe(true);
    // the deactivated user owns nothing new
    expect(await form.getByLabel("Owner").locator("option").allTextContents()).not.toContainEqual(expect.stringContaining("nina@"));

    await form.getByLabel("Name").fill("Reporting");
    await form.getByRole("radio", { name: /^Read/ }).check();
    await form.getByLabel("Expires after (days)").fill("30");
    await form.getByRole("button", { name: "Create token" }).click();

    const panel = e2e.page.getByRole("region", { name: "API token “Reporting” created" });
    await expect.poll(() => panel.isVisible()).toBe(true);
    expect(await panel.textContent()).toContain("it will not be shown again");
    secret = await panel.getByLabel("The new API token").inputValue();
    expect(secret.length).toBeGreaterThan(20);

    // it reads, and a read token does not write
    const read = await fetch(`${e2e.app.baseUrl}/api/v1.0/customers/256`, { headers: { authorization: `Bearer ${secret}` } });
    expect(read.status).toBe(200);
    const write = await fetch(`${e2e.app.baseUrl}/api/v1.0/customers/256`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}` },
      body: new URLSearchParams({ comment: "written with a read token" }),
    });
    expect(write.status).toBe(403);

    const row = e2e.page.getByRole("row").filter({ hasText: "Reporting" });
    await expect.poll(() => row.textContent()).toContain("Active");
    expect(await row.textContent()).toContain("Read");
    expect(await row.textContent()).toContain("Admin One");

    await panel.getByRole("button", { name: "I have copied it" }).click();
    await expect.poll(() => panel.count()).toBe(0);
    expect(await e2e.page.content()).not.toContain(secret);
    await e2e.page.reload();
    await expect.poll(() => row.count()).toBe(1);
    expect(await e2e.page.content()).not.toContain(secret);
  });

  it("revokes the token after confirming, and it no longer opens the API", async () => {
    const row = e2e.page.getByRole("row").filter({ hasText: "Reporting" });
    await expect.poll(() => e2e.page.getByRole("button", { name: "Create token" }).isEnabled()).toBe(true);
    await row.getByRole("button", { name: "Revoke Reporting" }).click();
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await expect.poll(() => row.textContent()).toContain("Revoked");
    expect(await row.getByRole("button", { name: /Revoke/ }).count()).toBe(0);

    const read = await fetch(`${e2e.app.baseUrl}/api/v1.0/customers/256`, { headers: { authorization: `Bearer ${secret}` } });
    expect(read.status).toBe(401);
  });

  it("finds these changes in the audit log, newest first, by whom", async () => {
    await mainNav(e2e.page).getByRole("link", { name: "Audit log" }).click();
    await e2e.page.waitForURL(`${e2e.app.baseUrl}/admin/audit`);
    const rows = e2e.page.getByRole("table").getByRole("row");
    await expect.poll(() => rows.count()).toBe(6);
    const actions = await e2e.page.getByRole("table").locator("tbody tr td:nth-child(3)").allTextContents();
    expect(actions).toEqual(["api_token.revoked", "api_token.created", "user.deactivated", "user.role_changed", "user.created"]);
    for (const row of await rows.all()) {
      if ((await row.locator("td").count()) > 0) expect(await row.textContent()).toContain("Admin One");
    }
    const roleChange = await rows.filter({ hasText: "user.role_changed" }).textContent();
    expect(roleChange).toContain("fromviewer");
    expect(roleChange).toContain("toeditor");
    expect(await e2e.page.getByRole("status").textContent()).toBe("All 5 entries");
    expect(await e2e.page.getByRole("button", { name: "Load more" }).count()).toBe(0);
  });

  it("loads older entries with Load more", async () => {
    // 48 more changes: 53 entries, one page of 50 and the 3 oldest after it
    for (let index = 0; index < 48; index += 1) {
      const response = await trpcMutation("user.changeRole", { userId: 2, role: index % 2 === 0 ? "viewer" : "editor" });
      expect(response.status).toBe(200);
    }
    await e2e.page.reload();
    const actions = () => e2e.page.getByRole("table").locator("tbody tr td:nth-child(3)").allTextContents();
    await expect.poll(async () => (await actions()).length).toBe(50);
    expect(await e2e.page.getByRole("status").textContent()).toBe("The 50 most recent entries");

    await e2e.page.getByRole("button", { name: "Load more" }).click();
    await expect.poll(async () => (await actions()).length).toBe(53);
    expect((await actions()).slice(-3)).toEqual(["user.deactivated", "user.role_changed", "user.created"]);
    expect(await e2e.page.getByRole("status").textContent()).toBe("All 53 entries");
    expect(await e2e.page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    expect(e2e.pageErrors).toEqual([]);
  });
});
