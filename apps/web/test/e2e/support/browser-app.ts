/**
 * What every browser test file starts with: Debian's Chromium and the built
 * app (`pnpm start`'s server on a fresh embedded database), once per file; a
 * page whose uncaught errors (hydration mismatches included) are recorded;
 * and the customer as integrations read it, with the browser's session.
 *
 * A failed setup (no Chromium, no build) fails every test of the file: vitest
 * would otherwise report the tests of a failed beforeAll as skipped.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";

import { type BuiltApp, startBuiltApp } from "../../support/built-app";
import { type Browser, launchChromium } from "./chromium";

export interface BrowserApp {
  readonly app: BuiltApp;
  readonly browser: Browser;
  /** The browser's first tab. */
  readonly page: Page;
  /** Uncaught errors in `page`. */
  readonly pageErrors: string[];
  /** `GET /api/v1.0/customers/{id}` (a number) or `.../reference/{reference}` (a text), with the browser's session cookie. */
  legacyCustomer(customer: number | string): Promise<Record<string, unknown>>;
}

export function useBrowserApp(options: { password: string; timeoutMs: number }): BrowserApp {
  let browser: Browser | undefined;
  let app: BuiltApp | undefined;
  let page: Page | undefined;
  let setupError: unknown;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    try {
      // the browser first: without Chromium there is no point starting the app
      browser = await launchChromium();
      app = await startBuiltApp({ password: options.password });
      page = browser.context.pages()[0] ?? (await browser.context.newPage());
      page.setDefaultTimeout(options.timeoutMs);
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

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw setupError ?? new Error("the browser and the app start in beforeAll");
    return value;
  };

  return {
    get app() {
      return started(app);
    },
    get browser() {
      return started(browser);
    },
    get page() {
      return started(page);
    },
    pageErrors,
    async legacyCustomer(customer) {
      const baseUrl = started(app).baseUrl;
      const session = (await started(browser).context.cookies(baseUrl)).find((cookie) => cookie.name === "JSESSIONID");
      expect(session, "the sign-in set the JSESSIONID cookie").toBeDefined();
      const path = typeof customer === "number" ? `${customer}` : `reference/${encodeURIComponent(customer)}`;
      const response = await fetch(`${baseUrl}/api/v1.0/customers/${path}`, {
        headers: { cookie: `JSESSIONID=${session?.value}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    },
  };
}
