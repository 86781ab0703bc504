/**
 * The customer page's cost to a browser, on the production build:
 *
 * - first-load JavaScript: the chunks Next lists for the route in
 *   `.next/diagnostics/route-bundle-stats.json` (what `next build` used to
 *   print as "First Load JS"), raw and gzipped;
 * - time to interactive under the production server (`pnpm start`): from navigation start to the
 *   moment the Save button is enabled, which happens when React has hydrated
 *   the form (the button is disabled in the server's HTML). Cold runs clear
 *   the browser cache first; warm runs reuse it, as a second visit does.
 *
 * Part of `pnpm bench` (after `pnpm build`).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

import { signInToBuiltApp, startBuiltApp, webDir } from "../test/support/built-app";
import { launchChromium } from "../test/e2e/support/chromium";

const route = "/customers/[id]";
const customerId = 256;
const password = "bench-password";

interface RouteBundleStats {
  route: string;
  firstLoadUncompressedJsBytes: number;
  firstLoadChunkPaths: string[];
}

async function firstLoadJavaScript(routePath: string) {
  const stats = JSON.parse(
    await readFile(path.join(webDir, ".next/diagnostics/route-bundle-stats.json"), "utf8"),
  ) as RouteBundleStats[];
  const entry = stats.find((candidate) => candidate.route === routePath);
  if (!entry) throw new Error(`No bundle stats for ${routePath}: is the build current?`);
  let gzipBytes = 0;
  for (const chunk of entry.firstLoadChunkPaths) gzipBytes += gzipSync(await readFile(path.join(webDir, chunk))).length;
  return { chunks: entry.firstLoadChunkPaths.length, rawBytes: entry.firstLoadUncompressedJsBytes, gzipBytes };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${Math.round(value)} ms`;

/**
 * Runs before any page script: records the instant the Save button turns
 * enabled. A string, because tsx would wrap a TypeScript function's inner
 * functions in a helper that does not exist in the page.
 */
const recordSaveReady = `
  const observer = new MutationObserver(() => {
    const save = document.querySelector('form[aria-label="Customer"] button[type="submit"]');
    if (save && !save.disabled && window.saveReadyAt === undefined) {
      window.saveReadyAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["disabled"] });
`;

export async function benchCustomerPage(runs = 15): Promise<string> {
  const lines: string[] = [];
  const bundles = [
    { route, ...(await firstLoadJavaScript(route)) },
    { route: "/customers", ...(await firstLoadJavaScript("/customers")) },
    { route: "/sign-in", ...(await firstLoadJavaScript("/sign-in")) },
  ];

  const browser = await launchChromium();
  const app = await startBuiltApp({ password });
  try {
    const token = await signInToBuiltApp(app);
    await browser.context.addCookies([{ name: "JSESSIONID", value: token, url: app.baseUrl }]);
    await browser.context.addInitScript({ content: recordSaveReady });

    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const cdp = await browser.context.newCDPSession(page);
    const url = `${app.baseUrl}/customers/${customerId}`;

    const measure = async (cold: boolean) => {
      if (cold) await cdp.send("Network.clearBrowserCache");
      await page.goto("about:blank");
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { saveReadyAt?: number }).saveReadyAt !== undefined);
      return page.evaluate(() => {
        const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
        const paint = performance.getEntriesByName("first-contentful-paint")[0];
        const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((entry) =>
          entry.name.endsWith(".js"),
        );
        return {
          ttfb: navigation!.responseStart,
          firstContentfulPaint: paint?.startTime ?? Number.NaN,
          interactive: (window as unknown as { saveReadyAt: number }).saveReadyAt,
          transferredScriptBytes: scripts.reduce((sum, entry) => sum + entry.transferSize, 0),
        };
      });
    };

    // the server's first renders (route compilation caches, database pages) are not what users wait for
    for (let run = 0; run < 3; run++) await measure(true);
    const results = { cold: [] as Awaited<ReturnType<typeof measure>>[], warm: [] as Awaited<ReturnType<typeof measure>>[] };
    for (let run = 0; run < runs; run++) {
      results.cold.push(await measure(true));
      results.warm.push(await measure(false));
    }

    lines.push(`### Web UI: the customer page (${route})\n`);
    lines.push("| route | first-load JS chunks | raw | gzip |");
    lines.push("|---|---|---|---|");
    for (const bundle of bundles) {
      lines.push(`| ${bundle.route} | ${bundle.chunks} | ${kib(bundle.rawBytes)} | ${kib(bundle.gzipBytes)} |`);
    }
    lines.push(`\nUnder \`pnpm start\`'s server on 127.0.0.1, headless Chromium, ${runs} runs each, medians:\n`);
    lines.push("| cache | TTFB | first contentful paint | Save enabled (hydrated) | JS transferred |");
    lines.push("|---|---|---|---|---|");
    for (const [label, list] of Object.entries(results)) {
      lines.push(
        `| ${label} | ${ms(median(list.map((r) => r.ttfb)))} | ${ms(median(list.map((r) => r.firstContentfulPaint)))} | ${ms(
          median(list.map((r) => r.interactive)),
        )} | ${kib(median(list.map((r) => r.transferredScriptBytes)))} |`,
      );
    }
  } finally {
    await browser.close();
    await app.stop();
  }
  return lines.join("\n");
}
