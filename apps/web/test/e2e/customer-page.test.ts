/**
 * The web UI end to end, in a real Chromium against the built app: sign in,
 * find a customer, change it, see a refusal where it belongs, and check
 * through the legacy API that what the page said was saved is stored.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";

import type { Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { type BuiltApp, startBuiltApp, webDir } from "../support/built-app";
import { type Browser, launchChromium } from "./support/chromium";

const PASSWORD = "e2e-password";
const screenshotDir = path.join(webDir, "test-results/e2e");

let app: BuiltApp;
let browser: Browser;
let page: Page;
/** Uncaught errors in the page, hydration mismatches included. */
const pageErrors: string[] = [];

// A failed setup (no Chromium, no build) fails every test: vitest would
// otherwise report the tests of a failed beforeAll as skipped.
let setupError: unknown;

beforeAll(async () => {
  try {
    // the browser first: without Chromium there is no point starting the app
    browser = await launchChromium();
    app = await startBuiltApp({ password: PASSWORD });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(15_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
  } catch (error) {
    setupError = error;
  }
});

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The customer as integrations read it, with the browser's session cookie. */
async function legacyCustomer(id: number): Promise<Record<string, unknown>> {
  const cookies = await browser.context.cookies(app.baseUrl);
  const session = cookies.find((cookie) => cookie.name === "JSESSIONID");
  expect(session, "the sign-in set the JSESSIONID cookie").toBeDefined();
  const response = await fetch(`${app.baseUrl}/api/v1.0/customers/${id}`, {
    headers: { cookie: `JSESSIONID=${session?.value}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const saveButton = () => page.getByRole("button", { name: "Save", exact: true });
const saveStatus = () => page.getByRole("form", { name: "Customer" }).getByRole("status");

/** The error message that an input names in `aria-describedby`. */
async function describedErrorOf(input: ReturnType<Page["getByLabel"]>): Promise<string> {
  const ids = (await input.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(ids.split(" ").filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}

describe("the customer pages", () => {
  it("sends a visitor without a session to the sign-in page", async () => {
    await page.goto(`${app.baseUrl}/customers/256`);
    await page.waitForURL(`${app.baseUrl}/sign-in`);
  });

  it("refuses a wrong password with the legacy login's words", async () => {
    await page.getByLabel("Email").fill("admin@entity1.test");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByText("Bad credentials").isVisible()).toBe(true);
  });

  it("signs in and finds a customer by typing its reference", async () => {
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.baseUrl}/customers`);

    await page.getByLabel("Search").fill("NC-3");
    await page.waitForURL(/\?q=NC-3$/);
    await expect.poll(() => page.getByRole("table").getByRole("link").allTextContents()).toEqual(["Marie's Jewelry"]);

    await page.getByRole("link", { name: "Marie's Jewelry", exact: true }).click();
    await page.waitForURL(`${app.baseUrl}/customers/256`);
    await expect.poll(() => saveButton().isEnabled()).toBe(true);
  });

  it("saves a new credit limit, shows it without a reload and stores it", async () => {
    const navigations: string[] = [];
    page.on("framenavigated", (frame) => navigations.push(frame.url()));

    await page.getByLabel("Credit limit").fill("7350.50");
    await saveButton().click();
    await expect.poll(() => saveStatus().textContent()).toBe("Saved");

    expect(navigations, "the page was not reloaded").toEqual([]);
    expect(await page.getByLabel("Credit limit").inputValue()).toBe("7350.5");
    const history = page.getByRole("region", { name: "History" });
    await expect.poll(() => history.getByRole("row").nth(1).textContent()).toContain("Credit limit");
    expect(await history.getByRole("row").nth(1).textContent()).toContain("7350.5");

    expect((await legacyCustomer(256)).creditLimit).toBe(7350.5);
  });

  it("shows a refused latitude next to its field and stores nothing", async () => {
    const latitude = page.getByRole("region", { name: "Billing address" }).getByLabel("Latitude");
    await latitude.fill("123");
    await saveButton().click();

    await expect.poll(() => latitude.getAttribute("aria-invalid")).toBe("true");
    expect(await describedErrorOf(latitude)).toContain("Billing latitude must be between -90 and 90.");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("customer-billingLat");

    await mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, "customer-page.png"), fullPage: true });

    expect((await legacyCustomer(256)).billingLat).toBeNull();
    await latitude.fill("");
  });

  it("shows the server's refusal next to the field it concerns", async () => {
    // "sub-customer" without a parent passes the schema; the server's update rules refuse it
    await page.getByLabel("Sub-customer").check();
    await saveButton().click();

    const parent = page.getByRole("combobox", { name: "Parent customer" });
    await expect.poll(() => parent.getAttribute("aria-invalid")).toBe("true");
    expect(await describedErrorOf(parent)).toContain("Parent customer is required.");
  });

  it("picks a parent customer with the keyboard", async () => {
    const parent = page.getByRole("combobox", { name: "Parent customer" });
    await parent.fill("NC-002");
    const options = page.getByRole("listbox", { name: "Parent customer" }).getByRole("option");
    await expect.poll(() => options.allTextContents()).toEqual(["Louis's Bakery LyonNC-002"]);
    await parent.press("ArrowDown");
    await parent.press("Enter");
    expect(await parent.inputValue()).toBe("Louis's Bakery Lyon");
    expect(await parent.getAttribute("aria-expanded")).toBe("false");

    await saveButton().click();
    await expect.poll(() => saveStatus().textContent()).toBe("Saved");
    expect((await legacyCustomer(256)).parentCustomer).toMatchObject({ reference: "NC-002", name: "Louis's Bakery Lyon" });
  });

  it("uploads a logo, shows it and stores it; refuses a file that is not a picture", async () => {
    const logoInput = page.getByLabel("Upload a logo");
    await logoInput.setInputFiles({
      name: "Shop Front.png",
      mimeType: "image/png",
      buffer: await sharp({ create: { width: 300, height: 200, channels: 3, background: "#1BE9D8" } }).png().toBuffer(),
    });
    const logo = page.getByRole("img", { name: "Logo of Marie's Jewelry" });
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(300);
    expect((await legacyCustomer(256)).logo).toMatch(new RegExp(`^${app.baseUrl}/uploads/entity1/photoCustomer/\\d+_[0-9a-f]{16}_shop_front\\.png$`));

    const replaceInput = page.getByLabel("Replace logo");
    await replaceInput.setInputFiles({ name: "evil.png", mimeType: "image/png", buffer: Buffer.from("<html></html>") });
    await expect.poll(() => replaceInput.getAttribute("aria-invalid")).toBe("true");
    expect(await describedErrorOf(replaceInput)).toContain("image format not supported.");
  });

  it("renders the customer page on the server and hydrates it without an error", async () => {
    await page.reload();
    await expect.poll(() => saveButton().isEnabled()).toBe(true);
    expect(await page.getByLabel("Credit limit").inputValue()).toBe("7350.5");
    expect(pageErrors).toEqual([]);
  });

  it("stops a save over a newer version, shows who changed what, and lets the user apply theirs on top or reload", async () => {
    const other = await browser.context.newPage();
    other.setDefaultTimeout(15_000);
    try {
      const field = (on: Page, label: string) => on.getByRole("form", { name: "Customer" }).getByLabel(label, { exact: true });
      const save = async (on: Page) => {
        await on.getByRole("button", { name: "Save", exact: true }).click();
      };
      const statusOf = (on: Page) => on.getByRole("form", { name: "Customer" }).getByRole("status");
      for (const on of [page, other]) {
        await on.goto(`${app.baseUrl}/customers/257`);
        await expect.poll(() => on.getByRole("button", { name: "Save", exact: true }).isEnabled()).toBe(true);
      }

      // the other user saves first
      await field(other, "Comment").fill("Called on Monday (other tab)");
      await save(other);
      await expect.poll(() => statusOf(other).textContent()).toBe("Saved");

      // this page still shows the version it loaded: its save is stopped
      await field(page, "Comment").fill("Visit planned (this tab)");
      await field(page, "Phone").fill("+33 4 93 00 11 22");
      await save(page);
      const conflict = page.getByRole("alert").filter({ hasText: "Someone else saved this customer" });
      await expect.poll(() => conflict.isVisible()).toBe(true);
      const commentRow = conflict.getByRole("row", { name: /Comment/ });
      expect(await commentRow.textContent()).toContain("Called on Monday (other tab)");
      expect(await commentRow.textContent()).toContain("Visit planned (this tab)");
      expect(await commentRow.textContent()).toContain("admin@entity1.test");
      expect((await legacyCustomer(257)).comment).toBe("Called on Monday (other tab)");

      await conflict.getByRole("button", { name: "Apply my changes on top" }).click();
      await expect.poll(() => statusOf(page).textContent()).toBe("Saved");
      expect(await conflict.count()).toBe(0);
      expect(await legacyCustomer(257)).toMatchObject({ comment: "Visit planned (this tab)", phone: "+33 4 93 00 11 22" });

      // again (the other tab reloads first: it too would be stopped now), and this time the user keeps the other version
      await other.reload();
      await expect.poll(() => other.getByRole("button", { name: "Save", exact: true }).isEnabled()).toBe(true);
      await field(other, "Fax").fill("+33 4 93 99 99 99");
      await save(other);
      await expect.poll(() => statusOf(other).textContent()).toBe("Saved");
      await field(page, "Comment").fill("Should not be kept");
      await save(page);
      await expect.poll(() => conflict.isVisible()).toBe(true);
      await conflict.getByRole("button", { name: "Reload their version" }).click();
      await expect.poll(() => field(page, "Fax").inputValue()).toBe("+33 4 93 99 99 99");
      expect(await field(page, "Comment").inputValue()).toBe("Visit planned (this tab)");
      expect(await legacyCustomer(257)).toMatchObject({ comment: "Visit planned (this tab)", fax: "+33 4 93 99 99 99" });
      expect(pageErrors).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("pages the customer list with Next and Previous, and a reload keeps the page", async () => {
    await page.goto(`${app.baseUrl}/customers`);
    const listStatus = page.getByRole("status").filter({ hasText: "customers" });
    const pages = page.getByRole("navigation", { name: "Pages" });
    const names = () => page.getByRole("table").getByRole("link").allTextContents();
    await expect.poll(() => listStatus.textContent()).toMatch(/^1–25 of \d+ customers$/);
    const total = Number(/of (\d+)/.exec((await listStatus.textContent()) ?? "")?.[1]);
    expect(total, "the demo data fills more than one page").toBeGreaterThan(25);
    expect(total, "and less than two").toBeLessThanOrEqual(50);
    const firstPage = await names();

    await pages.getByRole("button", { name: "Next" }).click();
    await page.waitForURL(/\/customers\?page=2&cursor=[\w-]+$/);
    await expect.poll(() => listStatus.textContent()).toBe(`26–${total} of ${total} customers`);
    const secondPage = await names();
    expect(secondPage).toHaveLength(total - 25);
    expect(await pages.getByRole("button", { name: "Next" }).isDisabled()).toBe(true);

    await page.reload();
    await expect.poll(names).toEqual(secondPage);

    await pages.getByRole("button", { name: "Previous" }).click();
    await page.waitForURL(`${app.baseUrl}/customers`);
    await expect.poll(names).toEqual(firstPage);
    expect(pageErrors).toEqual([]);
  });
});
