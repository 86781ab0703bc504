/**
 * WCAG 2.1 A and AA, as axe-core checks them in a real Chromium, on every
 * page and state a user works in: sign-in, the list, a customer, the panel of
 * a save refused over a newer version, the bulk edit dialog and its preview,
 * the CSV import preview, the admin pages (users, API tokens and the secret
 * of a new one, the audit log) and the API reference. A failure lists each rule
 * broken, its impact and the elements that break it.
 */
import { createRequire } from "node:module";

import type { AxeResults, RunOptions } from "axe-core";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { useBrowserApp } from "./support/browser-app";

const PASSWORD = "e2e-password";
const axeScript = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const wcag21AA: RunOptions = { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } };

/** What axe.min.js puts on `window`. */
type WindowWithAxe = { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } };

const e2e = useBrowserApp({ password: PASSWORD, timeoutMs: 15_000 });

/** One line per rule broken: `id (impact): help [target, target...]`. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeScript });
  const results = await page.evaluate((options) => (window as unknown as WindowWithAxe).axe.run(document, options), wcag21AA);
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} [${violation.nodes.map((node) => node.target.join(" ")).join(", ")}]`,
  );
}

const saveButton = (page: Page) => page.getByRole("button", { name: "Save", exact: true });

describe("WCAG 2.1 AA (axe-core)", () => {
  it("sign-in", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/sign-in`);
    await expect.poll(() => e2e.page.getByRole("button", { name: "Sign in" }).isEnabled()).toBe(true);
    expect(await axeViolations(e2e.page)).toEqual([]);
  });

  it("the customer list", async () => {
    await e2e.page.getByLabel("Email").fill("admin@entity1.test");
    await e2e.page.getByLabel("Password").fill(PASSWORD);
    await e2e.page.getByRole("button", { name: "Sign in" }).click();
    await e2e.page.waitForURL(`${e2e.app.baseUrl}/customers`);
    await expect.poll(() => e2e.page.getByRole("status").filter({ hasText: "customers" }).textContent()).toMatch(/of \d+ customers$/);
    expect(await axeViolations(e2e.page)).toEqual([]);
  });

  it("a customer without a logo", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/customers/256`);
    await expect.poll(() => saveButton(e2e.page).isEnabled()).toBe(true);
    expect(await e2e.page.getByText("No logo").count()).toBe(1);
    expect(await axeViolations(e2e.page)).toEqual([]);
  });

  it("the conflict panel of a save over a newer version", async () => {
    const other = await e2e.browser.context.newPage();
    try {
      await other.goto(`${e2e.app.baseUrl}/customers/256`);
      await expect.poll(() => saveButton(other).isEnabled()).toBe(true);
      await other.getByRole("form", { name: "Customer" }).getByLabel("Comment", { exact: true }).fill("Saved in another tab");
      await saveButton(other).click();
      await expect.poll(() => other.getByRole("form", { name: "Customer" }).getByRole("status").textContent()).toBe("Saved");
    } finally {
      await other.close();
    }

    await e2e.page.getByRole("form", { name: "Customer" }).getByLabel("Comment", { exact: true }).fill("Saved in this tab");
    await saveButton(e2e.page).click();
    await expect.poll(() => e2e.page.getByRole("alert").filter({ hasText: "Someone else saved this customer" }).isVisible()).toBe(true);
    expect(await axeViolations(e2e.page)).toEqual([]);
  });

  // axe cannot see colour contrast inside a modal <dialog> (it does not model the top
  // layer, so it reports the dialog's text as overlapped: "incomplete", not a pass);
  // the rest of the rules do run there
  it("the bulk edit dialog, its fields and its preview", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/customers?q=NC-00`);
    const row = e2e.page.getByRole("table").first().getByRole("row").filter({ hasText: "NC-002" });
    await row.getByRole("checkbox").check();
    await e2e.page.getByRole("button", { name: "Edit selected…" }).click();
    const dialog = e2e.page.getByRole("dialog", { name: "Edit 1 customer" });
    const fieldSwitch = (name: string) => dialog.getByRole("checkbox", { name, exact: true });
    // a select, a text area, a combobox and a group of checkboxes
    const otherFields = ["Reason for hold", "Segmentation", "Payment types"];
    for (const name of ["On hold", ...otherFields]) await fieldSwitch(name).check();
    expect(await axeViolations(e2e.page)).toEqual([]);

    for (const name of otherFields) await fieldSwitch(name).uncheck();
    await dialog.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => dialog.getByRole("status").textContent()).toContain("1 customer will change");
    expect(await axeViolations(e2e.page)).toEqual([]);
  });

  it("the import page with the preview of an uploaded file", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/customers/import`);
    await e2e.page.getByLabel("CSV file").setInputFiles({
      name: "customers.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("id,creditLimit\nNC-3,6100\nNC-404,1\n"),
    });
    await e2e.page.getByRole("button", { name: "Preview" }).click();
    const preview = e2e.page.getByRole("region", { name: "Preview" });
    await expect.poll(() => preview.getByRole("status").textContent()).toBe("2 rows: 1 will change, 0 no change, 1 refused.");
    expect(await axeViolations(e2e.page)).toEqual([]);
  });

  it("the users page, a refused new user, a refused role change and the question before a deactivation", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/admin/users`);
    const form = e2e.page.getByRole("form", { name: "New user" });
    await expect.poll(() => form.getByRole("button", { name: "Create user" }).isEnabled()).toBe(true);
    expect(await axeViolations(e2e.page)).toEqual([]);

    await form.getByRole("button", { name: "Create user" }).click();
    await expect.poll(() => form.getByLabel("Name").getAttribute("aria-invalid")).toBe("true");
    await e2e.page.getByLabel("Role of admin@entity1.test").selectOption("viewer");
    const ownRow = e2e.page.getByRole("row").filter({ hasText: "admin@entity1.test" });
    await expect.poll(() => ownRow.getByRole("alert").isVisible()).toBe(true);
    await e2e.page.getByRole("button", { name: "Deactivate sales@entity1.test" }).click();
    await expect.poll(() => e2e.page.getByRole("button", { name: "Yes, deactivate" }).isVisible()).toBe(true);
    expect(await axeViolations(e2e.page)).toEqual([]);
    await e2e.page.getByRole("button", { name: "Cancel" }).click();
  });

  it("the API tokens page with a new token's secret, shown once", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/admin/api-tokens`);
    const form = e2e.page.getByRole("form", { name: "New API token" });
    await expect.poll(() => form.getByRole("button", { name: "Create token" }).isEnabled()).toBe(true);
    expect(await axeViolations(e2e.page)).toEqual([]);

    await form.getByLabel("Name").fill("Accessibility check");
    await form.getByRole("button", { name: "Create token" }).click();
    await expect.poll(() => e2e.page.getByRole("region", { name: "API token “Accessibility check” created" }).isVisible()).toBe(true);
    await expect.poll(() => e2e.page.getByRole("row").filter({ hasText: "Accessibility check" }).count()).toBe(1);
    expect(await axeViolations(e2e.page)).toEqual([]);
  });

  it("the audit log", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/admin/audit`);
    await expect.poll(() => e2e.page.getByRole("table").getByRole("row").filter({ hasText: "api_token.created" }).count()).toBe(1);
    expect(await axeViolations(e2e.page)).toEqual([]);
  });

  it("the API reference", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/api-docs`);
    expect(await axeViolations(e2e.page)).toEqual([]);
    expect(e2e.pageErrors).toEqual([]);
  });
});
