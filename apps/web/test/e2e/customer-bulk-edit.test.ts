/**
 * Bulk edit from the customer list, in a real Chromium against the built app:
 * tick customers (or every one the search matches), set fields, preview what
 * each would get with nothing written, apply, and check through the legacy
 * API that exactly those customers were changed.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";

import type { Page } from "playwright-core";
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

// A failed setup (no Chromium, no build) fails every test instead of skipping them.
let setupError: unknown;

beforeAll(async () => {
  try {
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
async function legacyCustomer(reference: string): Promise<Record<string, unknown>> {
  const cookies = await browser.context.cookies(app.baseUrl);
  const session = cookies.find((cookie) => cookie.name === "JSESSIONID");
  const response = await fetch(`${app.baseUrl}/api/v1.0/customers/reference/${reference}`, {
    headers: { cookie: `JSESSIONID=${session?.value}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const listTable = () => page.getByRole("table").first();
const rowOf = (reference: string) => listTable().getByRole("row").filter({ hasText: reference });
const selectionStatus = () => page.getByRole("region", { name: "Selection" }).getByRole("status");

async function signIn() {
  await page.goto(`${app.baseUrl}/sign-in`);
  await page.getByLabel("Email").fill("admin@entity1.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${app.baseUrl}/customers`);
}

describe("bulk edit from the customer list", () => {
  it("puts two ticked customers on hold with a reason: preview first, nothing written, then apply", async () => {
    await signIn();
    await page.getByLabel("Search").fill("NC-00");
    await page.waitForURL(/\?q=NC-00$/);
    await expect.poll(() => rowOf("NC-002").count()).toBe(1);
    const before = [await legacyCustomer("NC-002"), await legacyCustomer("NC-003")];
    expect(before.map((customer) => customer.onHold)).toEqual([false, false]);

    await rowOf("NC-002").getByRole("checkbox").check();
    await rowOf("NC-003").getByRole("checkbox").check();
    await expect.poll(() => selectionStatus().textContent()).toBe("2 selected");
    expect(page.url(), "ticking a row does not open the customer").toMatch(/\/customers\?q=NC-00$/);

    await page.getByRole("button", { name: "Edit selected…" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit 2 customers" });
    await dialog.getByRole("checkbox", { name: "On hold", exact: true }).check();
    expect(await dialog.getByLabel("On hold: new value").inputValue()).toBe("true");
    await dialog.getByRole("checkbox", { name: "Reason for hold", exact: true }).check();
    await dialog.getByLabel("Reason for hold: new value").fill("Disputed invoices");
    await dialog.getByRole("button", { name: "Preview" }).click();

    const preview = dialog.getByRole("table", { name: "Preview" });
    await expect.poll(() => dialog.getByRole("status").textContent()).toContain("2 customers will change");
    for (const reference of ["NC-002", "NC-003"]) {
      const rows = preview.getByRole("row").filter({ has: page.getByText(reference) });
      expect(await rows.first().textContent()).toMatch(/On holdNo→Yes$/);
    }
    expect(await preview.getByRole("row").filter({ hasText: "Reason for hold" }).allTextContents()).toEqual([
      expect.stringMatching(/Reason for holdempty→Disputed invoices$/),
      expect.stringMatching(/Reason for holdempty→Disputed invoices$/),
    ]);
    expect([await legacyCustomer("NC-002"), await legacyCustomer("NC-003")], "the preview wrote nothing").toEqual(before);
    await mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, "bulk-edit-preview.png") });

    await dialog.getByRole("button", { name: "Apply to 2 customers" }).click();
    await expect.poll(() => dialog.getByRole("status").textContent()).toContain("Changed 2 customers.");
    await dialog.getByRole("button", { name: "Close" }).click();
    expect(await page.getByRole("dialog").count()).toBe(0);

    // the list is read again: both rows show the hold
    await expect.poll(() => rowOf("NC-002").getByText("On hold").count()).toBe(1);
    expect(await rowOf("NC-003").getByText("On hold").count()).toBe(1);
    expect(await page.getByRole("region", { name: "Selection" }).count(), "the selection is done").toBe(0);
    for (const reference of ["NC-002", "NC-003"]) {
      expect(await legacyCustomer(reference)).toMatchObject({ onHold: true, onHoldReason: "Disputed invoices" });
    }
    expect((await legacyCustomer("NC-004")).onHold, "a customer left unticked").toBe(false);
  });

  it("selects every customer the search matches, beyond the page, and sets their segmentation", async () => {
    await page.getByLabel("Search").fill("NC-0");
    await page.waitForURL(/\?q=NC-0$/);
    await expect.poll(() => page.getByRole("status").filter({ hasText: "customers" }).textContent()).toBe("1–25 of 40 customers");
    expect((await legacyCustomer("NC-3")).customerSegmentationReference).toBe("seg_a");

    await page.getByRole("checkbox", { name: "Select the customers of this page" }).check();
    await expect.poll(() => selectionStatus().textContent()).toBe("25 selected");
    await page.getByRole("button", { name: "Select all 40 matching the filter" }).click();
    await expect.poll(() => selectionStatus().textContent()).toBe("All 40 matching customers selected");

    await page.getByRole("button", { name: "Edit selected…" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit every matching customer" });
    await dialog.getByRole("checkbox", { name: "Segmentation", exact: true }).check();
    await dialog.getByRole("combobox", { name: "Segmentation: new value" }).fill("seg_b");
    await dialog.getByRole("option", { name: /Segmentation B/ }).click();
    await dialog.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => dialog.getByRole("status").textContent()).toContain("40 customers will change");
    expect(await dialog.getByRole("table", { name: "Preview" }).getByRole("row").nth(1).textContent()).toMatch(
      /Segmentationempty→Segmentation B$/,
    );

    await dialog.getByRole("button", { name: "Apply to 40 customers" }).click();
    await expect.poll(() => dialog.getByRole("status").textContent()).toContain("Changed 40 customers.");
    await dialog.getByRole("button", { name: "Close" }).click();

    for (const reference of ["NC-001", "NC-025", "NC-040"]) {
      expect((await legacyCustomer(reference)).customerSegmentationReference).toBe("seg_b");
    }
    expect((await legacyCustomer("NC-3")).customerSegmentationReference, "outside the search").toBe("seg_a");
  });

  it("shows each refusal in the preview in the form's words, offers nothing to apply, and Cancel leaves all as it was", async () => {
    await page.getByLabel("Search").fill("NC-00");
    await page.waitForURL(/\?q=NC-00$/);
    await expect.poll(() => rowOf("NC-004").count()).toBe(1);
    const before = await legacyCustomer("NC-004");
    await rowOf("NC-004").getByRole("checkbox").check();
    await page.getByRole("button", { name: "Edit selected…" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit 1 customer" });
    await dialog.getByRole("checkbox", { name: "Region", exact: true }).check();
    // a country, above the organization's region level (states)
    await dialog.getByRole("combobox", { name: "Region: new value" }).fill("United States");
    await dialog.getByRole("option", { name: /United States/ }).click();
    await dialog.getByRole("button", { name: "Preview" }).click();

    await expect.poll(() => dialog.getByRole("status").textContent()).toContain("1 refused");
    expect(await dialog.getByRole("table", { name: "Preview" }).getByRole("row").nth(1).textContent()).toMatch(
      /RegionRefused: The region must be at the organization's region level \(2\) or below; this one is at level 1\.$/,
    );
    expect(await dialog.getByRole("button", { name: "Apply to 0 customers" }).isDisabled()).toBe(true);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect(await selectionStatus().textContent(), "Cancel keeps the selection").toBe("1 selected");
    expect(await legacyCustomer("NC-004")).toEqual(before);
    expect(pageErrors).toEqual([]);
  });
});
