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
import { describe, expect, it } from "vitest";

import { useBrowserApp } from "./support/browser-app";

const PASSWORD = "e2e-password";

const e2e = useBrowserApp({ password: PASSWORD, timeoutMs: 30_000 });

async function downloadOf(click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([e2e.page.waitForEvent("download"), click()]);
  return readFile((await download.path())!, "utf8");
}

let exported = "";

describe("CSV export and import", () => {
  it("exports the list as it is filtered, with a byte order mark for spreadsheets", async () => {
    await e2e.page.goto(`${e2e.app.baseUrl}/sign-in`);
    await e2e.page.getByLabel("Email").fill("admin@entity1.test");
    await e2e.page.getByLabel("Password").fill(PASSWORD);
    await e2e.page.getByRole("button", { name: "Sign in" }).click();
    await e2e.page.waitForURL(`${e2e.app.baseUrl}/customers`);

    await e2e.page.getByLabel("Search").fill("NC-3");
    await e2e.page.waitForURL(/\?q=NC-3$/);
    const exportLink = e2e.page.getByRole("link", { name: "Export CSV" });
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

    await e2e.page.getByRole("link", { name: "Import CSV" }).click();
    await e2e.page.waitForURL(`${e2e.app.baseUrl}/customers/import`);
    await e2e.page.getByLabel("CSV file").setInputFiles(file);
    await e2e.page.getByRole("button", { name: "Preview" }).click();

    const preview = e2e.page.getByRole("region", { name: "Preview" });
    await expect.poll(() => preview.getByRole("status").textContent()).toBe("2 rows: 1 will change, 0 no change, 1 refused.");
    const changed = preview.locator('tr[data-row="1"]');
    expect(await changed.textContent()).toContain("Credit limit: 5000 → 6100");
    expect(await changed.textContent()).toContain("On hold: false → true");
    expect(await preview.locator('tr[data-row="2"]').textContent()).toContain("The customer with the reference NC-404 doesn't exist.");
    expect((await e2e.legacyCustomer(256)).creditLimit).toBe(5000);

    await e2e.page.getByLabel("Row by row: the accepted rows are written, the refused ones are not").check();
    await e2e.page.getByRole("button", { name: "Apply" }).click();
    const result = e2e.page.getByRole("region", { name: "Result" });
    await expect.poll(() => result.getByRole("status").textContent()).toBe("2 rows: 1 changed, 0 no change, 1 refused.");
    expect(await e2e.legacyCustomer(256)).toMatchObject({ creditLimit: 6100, onHold: true, onHoldReason: "Audit" });

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
    await e2e.page.goto(`${e2e.app.baseUrl}/customers/import`);
    const file = path.join(tmpdir(), `cr-e2e-import-atomic-${process.pid}.csv`);
    await writeFile(file, stringify([["id", "creditLimit"], ["256", "7000"], ["NC-3", "-1"]]));
    await e2e.page.getByLabel("CSV file").setInputFiles(file);
    await e2e.page.getByRole("button", { name: "Preview" }).click();
    const preview = e2e.page.getByRole("region", { name: "Preview" });
    await expect.poll(() => preview.getByRole("status").textContent()).toBe("2 rows: 1 will change, 0 no change, 1 refused.");
    expect(await preview.textContent()).toContain("creditLimit must be greater than or equal to 0.");
    await e2e.page.getByRole("button", { name: "Apply" }).click();
    const result = e2e.page.getByRole("region", { name: "Result" });
    await expect.poll(() => result.getByRole("status").textContent()).toBe("2 rows: 0 changed, 0 no change, 1 refused, 1 not applied.");
    expect((await e2e.legacyCustomer(256)).creditLimit).toBe(6100);
    expect(e2e.pageErrors).toEqual([]);
  });
});
