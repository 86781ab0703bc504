/**
 * CSV export and import in a real Chromium against the built app: export
 * the list as filtered, change the file as a spreadsheet user would, import
 * it, read the preview, apply it row by row, download the result, and check
 * through the legacy API what was stored.
 */
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { type BuiltApp, startBuiltApp } from "../support/built-app";
import { type Browser, launchChromium } from "./support/chromium";

const PASSWORD = "e2e-password";

let app: BuiltApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let setupError: unknown;

beforeAll(async () => {
  try {
    browser = await launchChromium();
    app = await startBuiltApp({ password: PASSWORD });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(30_000);
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

async function legacyCustomer(id: number): Promise<Record<string, unknown>> {
  const session = (await browser.context.cookies(app.baseUrl)).find((cookie) => cookie.name === "JSESSIONID");
  const response = await fetch(`${app.baseUrl}/api/v1.0/customers/${id}`, { headers: { cookie: `JSESSIONID=${session?.value}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function downloadOf(click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return readFile((await download.path())!, "utf8");
}

let exported = "";

describe("CSV export and import", () => {
  it("exports the list as it is filtered, with a byte order mark for spreadsheets", async () => {
    await page.goto(`${app.baseUrl}/sign-in`);
    await page.getByLabel("Email").fill("admin@entity1.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.baseUrl}/customers`);

    await page.getByLabel("Search").fill("NC-3");
    await page.waitForURL(/\?q=NC-3$/);
    const exportLink = page.getByRole("link", { name: "Export CSV" });
    await expect.poll(() => exportLink.getAttribute("href")).toBe("/api/v2.1/customers.csv?search=NC-3&sort=name&order=asc&bom=true");

    exported = await downloadOf(() => exportLink.click());
    expect(exported.startsWith("\uFEFFid,reference,name,")).toBe(true);
    const rows = parse(exported, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.id, row.reference, row.creditLimit])).toEqual([["256", "NC-3", "5000"]]);
  });

  it("previews an edited file row by row, writing nothing, then applies the accepted rows", async () => {
    const [header, row256] = parse(exported, { bom: true }) as string[][];
    const at = (name: string) => header!.indexOf(name);
    const edited = [...row256!];
    edited[at("creditLimit")] = "6100";
    edited[at("onHold")] = "true";
    edited[at("onHoldReason")] = "Audit";
    const unknown = [...row256!];
    unknown[at("id")] = "NC-404";
    const file = path.join(tmpdir(), `cr-e2e-import-${process.pid}.csv`);
    await writeFile(file, stringify([header!, edited, unknown]));

    await page.getByRole("link", { name: "Import CSV" }).click();
    await page.waitForURL(`${app.baseUrl}/customers/import`);
    await page.getByLabel("CSV file").setInputFiles(file);
    await page.getByRole("button", { name: "Preview" }).click();

    const preview = page.getByRole("region", { name: "Preview" });
    await expect.poll(() => preview.getByRole("status").textContent()).toBe("2 rows: 1 will change, 0 no change, 1 refused.");
    const changed = preview.locator('tr[data-row="1"]');
    expect(await changed.textContent()).toContain("Credit limit: 5000 → 6100");
    expect(await changed.textContent()).toContain("On hold: false → true");
    expect(await preview.locator('tr[data-row="2"]').textContent()).toContain("The customer with the reference NC-404 doesn't exist.");
    expect((await legacyCustomer(256)).creditLimit).toBe(5000);

    await page.getByLabel("Row by row: the accepted rows are written, the refused ones are not").check();
    await page.getByRole("button", { name: "Apply" }).click();
    const result = page.getByRole("region", { name: "Result" });
    await expect.poll(() => result.getByRole("status").textContent()).toBe("2 rows: 1 changed, 0 no change, 1 refused.");
    expect(await legacyCustomer(256)).toMatchObject({ creditLimit: 6100, onHold: true, onHoldReason: "Audit" });

    const resultFile = await downloadOf(() => result.getByRole("link", { name: "Download the result (CSV)" }).click());
    expect(parse(resultFile, { columns: true })).toEqual([
      {
        row: "1",
        id: "256",
        status: "updated",
        message: "",
        changes: "Credit limit: 5000 → 6100; On hold: false → true; Reason for hold: (empty) → Audit",
      },
      { row: "2", id: "NC-404", status: "refused", message: "The customer with the reference NC-404 doesn't exist.", changes: "" },
    ]);
  });

  it("applies nothing all or nothing when a row is refused", async () => {
    await page.goto(`${app.baseUrl}/customers/import`);
    const file = path.join(tmpdir(), `cr-e2e-import-atomic-${process.pid}.csv`);
    await writeFile(file, stringify([["id", "creditLimit"], ["256", "7000"], ["NC-3", "-1"]]));
    await page.getByLabel("CSV file").setInputFiles(file);
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("region", { name: "Preview" });
    await expect.poll(() => preview.getByRole("status").textContent()).toBe("2 rows: 1 will change, 0 no change, 1 refused.");
    expect(await preview.textContent()).toContain("creditLimit must be greater than or equal to 0.");
    await page.getByRole("button", { name: "Apply" }).click();
    const result = page.getByRole("region", { name: "Result" });
    await expect.poll(() => result.getByRole("status").textContent()).toBe("2 rows: 0 changed, 0 no change, 1 refused, 1 not applied.");
    expect((await legacyCustomer(256)).creditLimit).toBe(6100);
    expect(pageErrors).toEqual([]);
  });
});
