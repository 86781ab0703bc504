/**
 * Bulk edit from the customer list, in a real Chromium against the built app:
 * tick customers (or every one the search matches), set fields, preview what
 * each would get with nothing written, apply, and check through the legacy
 * API that exactly those customers were changed.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { webDir } from "../support/built-app";
import { useBrowserApp } from "./support/browser-app";

const PASSWORD = "e2e-password";
const screenshotDir = path.join(webDir, "test-results/e2e");

const e2e = useBrowserApp({ password: PASSWORD, timeoutMs: 15_000 });

const listTable = () => e2e.page.getByRole("table").first();
const rowOf = (reference: string) => listTable().getByRole("row").filter({ hasText: reference });
const selectionStatus = () => e2e.page.getByRole("region", { name: "Selection" }).getByRole("status");

async function signIn() {
  await e2e.page.goto(`${e2e.app.baseUrl}/sign-in`);
  await e2e.page.getByLabel("Email").fill("admin@entity1.test");
  await e2e.page.getByLabel("Password").fill(PASSWORD);
  await e2e.page.getByRole("button", { name: "Sign in" }).click();
  await e2e.page.waitForURL(`${e2e.app.baseUrl}/customers`);
}

describe("bulk edit from the customer list", () => {
  it("puts two ticked customers on hold with a reason: preview first, nothing written, then apply", async () => {
    await signIn();
    await e2e.page.getByLabel("Search").fill("NC-00");
    await e2e.page.waitForURL(/\?q=NC-00$/);
    await expect.poll(() => rowOf("NC-002").count()).toBe(1);
    const before = [await e2e.legacyCustomer("NC-002"), await e2e.legacyCustomer("NC-003")];
    expect(before.map((customer) => customer.onHold)).toEqual([false, false]);

    await rowOf("NC-002").getByRole("checkbox").check();
    await rowOf("NC-003").getByRole("checkbox").check();
    await expect.poll(() => selectionStatus().textContent()).toBe("2 selected");
    expect(e2e.page.url(), "ticking a row does not open the customer").toMatch(/\/customers\?q=NC-00$/);

    await e2e.page.getByRole("button", { name: "Edit selected…" }).click();
    const dialog = e2e.page.getByRole("dialog", { name: "Edit 2 customers" });
    await dialog.getByRole("checkbox", { name: "On hold", exact: true }).check();
    expect(await dialog.getByLabel("On hold: new value").inputValue()).toBe("true");
    await dialog.getByRole("checkbox", { name: "Reason for hold", exact: true }).check();
    await dialog.getByLabel("Reason for hold: new value").fill("Disputed invoices");
    await dialog.getByRole("button", { name: "Preview" }).click();

    const preview = dialog.getByRole("table", { name: "Preview" });
    await expect.poll(() => dialog.getByRole("status").textContent()).toContain("2 customers will change");
    for (const reference of ["NC-002", "NC-003"]) {
      const rows = preview.getByRole("row").filter({ has: e2e.page.getByText(reference) });
      expect(await rows.first().textContent()).toMatch(/On holdNo→Yes$/);
    }
    expect(await preview.getByRole("row").filter({ hasText: "Reason for hold" }).allTextContents()).toEqual([
      expect.stringMatching(/Reason for holdempty→Disputed invoices$/),
      expect.stringMatching(/Reason for holdempty→Disputed invoices$/),
    ]);
    expect([await e2e.legacyCustomer("NC-002"), await e2e.legacyCustomer("NC-003")], "the preview wrote nothing").toEqual(before);
    await mkdir(screenshotDir, { recursive: true });
    await e2e.page.screenshot({ path: path.join(screenshotDir, "bulk-edit-preview.png") });

    await dialog.getByRole("button", { name: "Apply to 2 customers" }).click();
    await expect.poll(() => dialog.getByRole("status").textContent()).toContain("Changed 2 customers.");
    await dialog.getByRole("button", { name: "Close" }).click();
    expect(await e2e.page.getByRole("dialog").count()).toBe(0);

    // the list is read again: both rows show the hold
    await expect.poll(() => rowOf("NC-002").getByText("On hold").count()).toBe(1);
    expect(await rowOf("NC-003").getByText("On hold").count()).toBe(1);
    expect(await e2e.page.getByRole("region", { name: "Selection" }).count(), "the selection is done").toBe(0);
    for (const reference of ["NC-002", "NC-003"]) {
      expect(await e2e.legacyCustomer(reference)).toMatchObject({ onHold: true, onHoldReason: "Disputed invoices" });
    }
    expect((await e2e.legacyCustomer("NC-004")).onHold, "a customer left unticked").toBe(false);
  });

  it("selects every customer the search matches, beyond the page, and sets their segmentation", async () => {
    await e2e.page.getByLabel("Search").fill("NC-0");
    await e2e.page.waitForURL(/\?q=NC-0$/);
    await expect.poll(() => e2e.page.getByRole("status").filter({ hasText: "customers" }).textContent()).toBe("1–25 of 40 customers");
    expect((await e2e.legacyCustomer("NC-3")).customerSegmentationReference).toBe("seg_a");

    await e2e.page.getByRole("checkbox", { name: "Select the customers of this page" }).check();
    await expect.poll(() => selectionStatus().textContent()).toBe("25 selected");
    await e2e.page.getByRole("button", { name: "Select all 40 matching the filter" }).click();
    await expect.poll(() => selectionStatus().textContent()).toBe("All 40 matching customers selected");

    await e2e.page.getByRole("button", { name: "Edit selected…" }).click();
    const dialog = e2e.page.getByRole("dialog", { name: "Edit every matching customer" });
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
      expect((await e2e.legacyCustomer(reference)).customerSegmentationReference).toBe("seg_b");
    }
    expect((await e2e.legacyCustomer("NC-3")).customerSegmentationReference, "outside the search").toBe("seg_a");
  });

  it("shows each refusal in the preview in the form's words, offers nothing to apply, and Cancel leaves all as it was", async () => {
    await e2e.page.getByLabel("Search").fill("NC-00");
    await e2e.page.waitForURL(/\?q=NC-00$/);
    await expect.poll(() => rowOf("NC-004").count()).toBe(1);
    const before = await e2e.legacyCustomer("NC-004");
    await rowOf("NC-004").getByRole("checkbox").check();
    await e2e.page.getByRole("button", { name: "Edit selected…" }).click();
    const dialog = e2e.page.getByRole("dialog", { name: "Edit 1 customer" });
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
    expect(await e2e.page.getByRole("dialog").count()).toBe(0);
    expect(await selectionStatus().textContent(), "Cancel keeps the selection").toBe("1 selected");
    expect(await e2e.legacyCustomer("NC-004")).toEqual(before);
    expect(e2e.pageErrors).toEqual([]);
  });
});
