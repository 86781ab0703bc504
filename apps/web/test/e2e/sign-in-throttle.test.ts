/**
 * The sign-in throttle behind the production server (`pnpm start`), where the
 * client's address comes from `x-forwarded-for`: a header the client writes
 * must not buy it fresh attempts, unless a trusted proxy is configured.
 */
import { afterAll, describe, expect, it } from "vitest";

import { type BuiltApp, startBuiltApp } from "../support/built-app";

const PASSWORD = "e2e-password";
const apps: BuiltApp[] = [];

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
});

async function signIn(app: BuiltApp, password: string, forwardedFor: string): Promise<number> {
  const response = await fetch(`${app.baseUrl}/j_spring_security_check`, {
    method: "POST",
    headers: { "x-forwarded-for": forwardedFor },
    body: new URLSearchParams({ j_username: "sales@entity1.test", j_password: password, ajax: "true" }),
  });
  return response.status;
}

describe("sign-in throttling behind the production server", () => {
  it("counts a client that writes its own x-forwarded-for by its socket's address", async () => {
    const app = await startBuiltApp({ password: PASSWORD });
    apps.push(app);
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push(await signIn(app, `wrong-${i}`, `203.0.113.${i + 1}`));
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
  });

  it("takes the address from a proxy trusted with TRUST_PROXY", async () => {
    const app = await startBuiltApp({ password: PASSWORD, env: { TRUST_PROXY: "1" } });
    apps.push(app);
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push(await signIn(app, `wrong-${i}`, "203.0.113.50"));
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    // the same account from the address that the proxy names next is not refused
    expect(await signIn(app, PASSWORD, "198.51.100.50")).toBe(200);
  });
});
