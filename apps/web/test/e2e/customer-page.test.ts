/**
 * The web UI end to end, in a real Chromium against the built app: sign in,
 * find a customer, change it, see a refusal where it belongs, and check
 * through the legacy API that what the page said was saved is stored.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";

import type { Page } from "playwright-core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";

import { webDir } from "../support/built-app";
import { useBrowserApp } from "./support/browser-app";

const PASSWORD = "e2e-password";
const screenshotDir = path.join(webDir, "test-results/e2e");

const e2e = useBrowserApp({ password: PASSWORD, timeoutMs: 15_000 });

const saveButton = () => e2e.page.getByRole("button", { name: "Save", exact: true });
const saveStatus = () => e2e.page.getByRole("form", { name: "Customer" }).getByRole("status");

/** The error message that an input names in `aria-describedby`. */
async function describedErrorOf(input: ReturnType<Page["getByLabel"]>): Promise<string> {
  const ids = (await input.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(ids.split(" ").filter(Boolean).map((id) => e2e.page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}

describe("the customer pages", () => {
  it("sends a visitor without a session to the sign-in page", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/customers/256`);
    await e2e.page.waitForURL(`${e2e.app.baseUrl}/sign-in`);
  });

  it("refuses a wrong password with the legacy login's words", async () => {
    await e2e.page.getByLabel("Email").fill("admin@entity1.test");
    await e2e.page.getByLabel("Password").fill("not-the-password");
    await e2e.page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => e2e.page.getByText("Bad credentials").isVisible()).toBe(true);
  });

  it("signs in and finds a customer by typing its reference", async () => {
    await e2e.page.getByLabel("Password").fill(PASSWORD);
    await e2e.page.getByRole("button", { name: "Sign in" }).click();
    await e2e.page.waitForURL(`${e2e.app.baseUrl}/customers`);

    await e2e.page.getByLabel("Search").fill("NC-3");
    await e2e.page.waitForURL(/\?q=NC-3$/);
    await expect.poll(() => e2e.page.getByRole("table").getByRole("link").allTextContents()).toEqual(["Marie's Jewelry"]);

    await e2e.page.getByRole("link", { name: "Marie's Jewelry", exact: true }).click();
    await e2e.page.waitForURL(`${e2e.app.baseUrl}/customers/256`);
    await expect.poll(() => saveButton().isEnabled()).toBe(true);
  });

  it("saves a new credit limit, shows it without a reload and stores it", async () => {
    const navigations: string[] = [];
    e2e.page.on("framenavigated", (frame) => navigations.push(frame.url()));

    await e2e.page.getByLabel("Credit limit").fill("7350.50");
    await saveButton().click();
    await expect.poll(() => saveStatus().textContent()).toBe("Saved");

    expect(navigations, "the page was not reloaded").toEqual([]);
    expect(await e2e.page.getByLabel("Credit limit").inputValue()).toBe("7350.5");
    const history = e2e.page.getByRole("region", { name: "History" });
    await expect.poll(() => history.getByRole("row").nth(1).textContent()).toContain("Credit limit");
    expect(await history.getByRole("row").nth(1).textContent()).toContain("7350.5");

    expect((await e2e.legacyCustomer(256)).creditLimit).toBe(7350.5);
  });

  it("shows a refused latitude next to its field and stores nothing", async () => {
    const latitude = e2e.page.getByRole("region", { name: "Billing address" }).getByLabel("Latitude");
    await latitude.fill("123");
    await saveButton().click();

    await expect.poll(() => latitude.getAttribute("aria-invalid")).toBe("true");
    expect(await describedErrorOf(latitude)).toContain("Billing latitude must be between -90 and 90.");
    await expect.poll(() => e2e.page.evaluate(() => document.activeElement?.id)).toBe("customer-billingLat");

    await mkdir(screenshotDir, { recursive: true });
    await e2e.page.screenshot({ path: path.join(screenshotDir, "customer-page.png"), fullPage: true });

    expect((await e2e.legacyCustomer(256)).billingLat).toBeNull();
    await latitude.fill("");
  });

  it("shows the server's refusal next to the field it concerns", async () => {
    // "sub-customer" without a parent passes the schema; the server's update rules refuse it
    await e2e.page.getByLabel("Sub-customer").check();
    await saveButton().click();

    const parent = e2e.page.getByRole("combobox", { name: "Parent customer" });
    await expect.poll(() => parent.getAttribute("aria-invalid")).toBe("true");
    expect(await describedErrorOf(parent)).toContain("Parent customer is required.");
  });

  it("picks a parent customer with the keyboard", async () => {
    const parent = e2e.page.getByRole("combobox", { name: "Parent customer" });
    await parent.fill("NC-002");
    const options = e2e.page.getByRole("listbox", { name: "Parent customer" }).getByRole("option");
    await expect.poll(() => options.allTextContents()).toEqual(["Louis's Bakery LyonNC-002"]);
    await parent.press("ArrowDown");
    await parent.press("Enter");
    expect(await parent.inputValue()).toBe("Louis's Bakery Lyon");
    expect(await parent.getAttribute("aria-expanded")).toBe("false");

    await saveButton().click();
    await expect.poll(() => saveStatus().textContent()).toBe("Saved");
    expect((await e2e.legacyCustomer(256)).parentCustomer).toMatchObject({ reference: "NC-002", name: "Louis's Bakery Lyon" });
  });

  it("uploads a logo, shows it and stores it; refuses a file that is not a picture", async () => {
    const logoInput = e2e.page.getByLabel("Upload a logo");
    await logoInput.setInputFiles({
      name: "Shop Front.png",
      mimeType: "image/png",
      buffer: await sharp({ create: { width: 300, height: 200, channels: 3, background: "#1BE9D8" } }).png().toBuffer(),
    });
    const logo = e2e.page.getByRole("img", { name: "Logo of Marie's Jewelry" });
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(300);
    expect((await e2e.legacyCustomer(256)).logo).toMatch(new RegExp(`^${e2e.app.baseUrl}/uploads/entity1/photoCustomer/\\d+_[0-9a-f]{16}_shop_front\\.png$`));

    const replaceInput = e2e.page.getByLabel("Replace logo");
    await replaceInput.setInputFiles({ name: "evil.png", mimeType: "image/png", buffer: Buffer.from("<html></html>") });
    await expect.poll(() => replaceInput.getAttribute("aria-invalid")).toBe("true");
    expect(await describedErrorOf(replaceInput)).toContain("image format not supported.");
  });

  it("renders the customer page on the server and hydrates it without an error", async () => {
    await e2e.page.reload();
    await expect.poll(() => saveButton().isEnabled()).toBe(true);
    expect(await e2e.page.getByLabel("Credit limit").inputValue()).toBe("7350.5");
    expect(e2e.pageErrors).toEqual([]);
  });

  it("stops a save over a newer version, shows who changed what, and lets the user apply theirs on top or reload", async () => {
    const other = await e2e.browser.context.newPage();
    other.setDefaultTimeout(15_000);
    try {
      const field = (on: Page, label: string) => on.getByRole("form", { name: "Customer" }).getByLabel(label, { exact: true });
      const save = async (on: Page) => {
        await on.getByRole("button", { name: "Save", exact: true }).click();
      };
      const statusOf = (on: Page) => on.getByRole("form", { name: "Customer" }).getByRole("status");
      for (const on of [e2e.page, other]) {
        await on.goto(`${e2e.app.baseUrl}/customers/257`);
        await expect.poll(() => on.getByRole("button", { name: "Save", exact: true }).isEnabled()).toBe(true);
      }

      // the other user saves first
      await field(other, "Comment").fill("Called on Monday (other tab)");
      await save(other);
      await expect.poll(() => statusOf(other).textContent()).toBe("Saved");

      // this page still shows the version it loaded: its save is stopped
      await field(e2e.page, "Comment").fill("Visit planned (this tab)");
      await field(e2e.page, "Phone").fill("+33 4 93 00 11 22");
      await save(e2e.page);
      const conflict = e2e.page.getByRole("alert").filter({ hasText: "Someone else saved this customer" });
      await expect.poll(() => conflict.isVisible()).toBe(true);
      const commentRow = conflict.getByRole("row", { name: /Comment/ });
      expect(await commentRow.textContent()).toContain("Called on Monday (other tab)");
      expect(await commentRow.textContent()).toContain("Visit planned (this tab)");
      expect(await commentRow.textContent()).toContain("admin@entity1.test");
      expect((await e2e.legacyCustomer(257)).comment).toBe("Called on Monday (other tab)");

      await conflict.getByRole("button", { name: "Apply my changes on top" }).click();
      await expect.poll(() => statusOf(e2e.page).textContent()).toBe("Saved");
      expect(await conflict.count()).toBe(0);
      expect(await e2e.legacyCustomer(257)).toMatchObject({ comment: "Visit planned (this tab)", phone: "+33 4 93 00 11 22" });

      // again (the other tab reloads first: it too would be stopped now), and this time the user keeps the other version
      await other.reload();
      await expect.poll(() => other.getByRole("button", { name: "Save", exact: true }).isEnabled()).toBe(true);
      await field(other, "Fax").fill("+33 4 93 99 99 99");
      await save(other);
      await expect.poll(() => statusOf(other).textContent()).toBe("Saved");
      await field(e2e.page, "Comment").fill("Should not be kept");
      await save(e2e.page);
      await expect.poll(() => conflict.isVisible()).toBe(true);
      await conflict.getByRole("button", { name: "Reload their version" }).click();
      await expect.poll(() => field(e2e.page, "Fax").inputValue()).toBe("+33 4 93 99 99 99");
      expect(await field(e2e.page, "Comment").inputValue()).toBe("Visit planned (this tab)");
      expect(await e2e.legacyCustomer(257)).toMatchObject({ comment: "Visit planned (this tab)", fax: "+33 4 93 99 99 99" });
      expect(e2e.pageErrors).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("pages the customer list with Next and Previous, and a reload keeps the page", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/customers`);
    const listStatus = e2e.page.getByRole("status").filter({ hasText: "customers" });
    const pages = e2e.page.getByRole("navigation", { name: "Pages" });
    const names = () => e2e.page.getByRole("table").getByRole("link").allTextContents();
    await expect.poll(() => listStatus.textContent()).toMatch(/^1–25 of \d+ customers$/);
    const total = Number(/of (\d+)/.exec((await listStatus.textContent()) ?? "")?.[1]);
    expect(total, "the demo data fills more than one page").toBeGreaterThan(25);
    expect(total, "and less than two").toBeLessThanOrEqual(50);
    const firstPage = await names();

    await pages.getByRole("button", { name: "Next" }).click();
    await e2e.page.waitForURL(/\/customers\?page=2&cursor=[\w-]+$/);
    await expect.poll(() => listStatus.textContent()).toBe(`26–${total} of ${total} customers`);
    const secondPage = await names();
    expect(secondPage).toHaveLength(total - 25);
    expect(await pages.getByRole("button", { name: "Next" }).isDisabled()).toBe(true);

    await e2e.page.reload();
    await expect.poll(names).toEqual(secondPage);

    await pages.getByRole("button", { name: "Previous" }).click();
    await e2e.page.waitForURL(`${e2e.app.baseUrl}/customers`);
    await expect.poll(names).toEqual(firstPage);
    expect(e2e.pageErrors).toEqual([]);
  });
});
