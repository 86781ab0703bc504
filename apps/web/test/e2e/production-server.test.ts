/**
 * The started production server (`dist/server.js`, as `pnpm start` runs it)
 * answers both: the legacy API by itself, without Next, and the pages and
 * tRPC through Next. Next marks every answer of its router with a `Vary`
 * naming its RSC headers: the legacy answers must not carry it, the rest must.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type BuiltApp, signInToBuiltApp, startBuiltApp } from "../support/built-app";

let app: BuiltApp;
let cookie: string;

beforeAll(async () => {
  app = await startBuiltApp({ password: "e2e-password" });
  cookie = `JSESSIONID=${await signInToBuiltApp(app)}`;
});

afterAll(async () => {
  await app?.stop();
});

const servedByNext = (response: Response) => /\brsc\b/.test(response.headers.get("vary") ?? "");

describe("the production server", () => {
  it("answers a legacy path itself and a Next page through Next", async () => {
    const legacy = await fetch(`${app.baseUrl}/api/v1.0/customers/256`, { headers: { cookie } });
    expect(legacy.status).toBe(200);
    expect(legacy.headers.get("content-type")).toBe("application/json;charset=UTF-8");
    expect(await legacy.json()).toMatchObject({ id: 256, reference: "NC-3" });
    expect(servedByNext(legacy)).toBe(false);

    const page = await fetch(`${app.baseUrl}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("<html");
    expect(servedByNext(page)).toBe(true);
  });

  it("updates through the legacy door, and the UI's tRPC door, served the same way without Next, reads the same record", async () => {
    const update = await fetch(`${app.baseUrl}/api/v1.0/customers/256`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ comment: "written through the legacy door", credtLimit: "1" }),
    });
    expect(update.status).toBe(200);
    expect(update.headers.get("x-ignored-parameters")).toBe("credtLimit");
    expect(servedByNext(update)).toBe(false);

    const input = encodeURIComponent(JSON.stringify({ json: { id: 256 } }));
    const read = await fetch(`${app.baseUrl}/api/trpc/customer.byId?input=${input}`, { headers: { cookie } });
    expect(read.status).toBe(200);
    expect(servedByNext(read)).toBe(false);
    expect(JSON.stringify(await read.json())).toContain("written through the legacy door");
  });

  it("leaves to Next's route files what they answer themselves: a HEAD, an unknown version", async () => {
    const head = await fetch(`${app.baseUrl}/api/v1.0/customers/256`, { method: "HEAD", headers: { cookie } });
    expect(head.status).toBe(200);
    expect(servedByNext(head)).toBe(true);

    const unknownVersion = await fetch(`${app.baseUrl}/api/v9.9/customers/256`, { headers: { cookie } });
    expect(unknownVersion.status).toBe(404);
    expect(await unknownVersion.json()).toEqual({ error: "not_found", error_description: "The requested resource doesn't exist." });
    expect(servedByNext(unknownVersion)).toBe(true);
  });
});
