/**
 * Sign-in throttling (OWASP's authentication guidance, rate-limiter-flexible's
 * login recipe): consecutive failures per account and client address, a daily
 * failure budget per address across all accounts, a reset on success, counted
 * in the database so that every app instance sees the same counts.
 */
import { schema } from "@cr/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { LoginLimits } from "~/server/auth/login-throttle";
import { createServerDeps, type ServerDeps } from "~/server/deps";

import { createLegacyClient } from "../support/legacy-client";
import { DEMO_PASSWORD, startTestServer, type TestServer } from "../support/test-server";

const ADMIN = "admin@entity1.test";
const HOUR_MS = 3_600_000;

let server: TestServer;
let clock = new Date("2026-11-27T12:00:00Z");
const now = () => clock;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 1, now });
});

afterAll(async () => {
  await server?.close();
});

/** Another app instance over the same database, as a second process behind a load balancer would be. */
function appInstance(loginLimits: Partial<LoginLimits> = {}): ServerDeps {
  return createServerDeps({
    db: server.deps.db,
    pictureStorage: server.deps.pictureStorage,
    config: server.deps.config,
    // the production default of the per-user API limit
    rateLimitPerMinute: 600,
    loginLimits,
    now,
  });
}

function from(address: string): Record<string, string> {
  return { "x-forwarded-for": address };
}

function credentials(email: string, password: string): Record<string, string> {
  return { j_username: email, j_password: password, ajax: "true" };
}

async function sessionCount(): Promise<number> {
  return server.deps.db.$count(schema.sessions);
}

describe("sign-in throttling", () => {
  it("keeps the rightful user signing in from another address during a flood of 600 wrong passwords", async () => {
    const client = createLegacyClient(appInstance());
    const statuses = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      const { status } = await client.login(credentials(ADMIN, `guess-${i}`), from("203.0.113.10"));
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    const rightful = await client.login(credentials(ADMIN, DEMO_PASSWORD), from("198.51.100.20"));
    expect(rightful.status).toBe(200);
    // the default pair limit: ten password checks, then refusals without one
    expect(Object.fromEntries(statuses)).toEqual({ 401: 10, 429: 590 });
  });

  it("blocks an account and address pair after ten wrong passwords, not the account elsewhere", async () => {
    const client = createLegacyClient(appInstance());
    const attacker = from("203.0.113.11");
    const sessionsBefore = await sessionCount();

    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await client.login(credentials(ADMIN, `wrong-${i}`), attacker)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);

    const refused = await client.login(credentials(ADMIN, DEMO_PASSWORD), attacker);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(await refused.json()).toEqual({ error: "rate_limited", error_description: "Too many requests, retry later." });
    expect(await sessionCount()).toBe(sessionsBefore);

    expect((await client.login(credentials(ADMIN, DEMO_PASSWORD), from("198.51.100.21"))).status).toBe(200);

    // the block is for a while, not for ever
    clock = new Date(clock.getTime() + HOUR_MS + 1000);
    expect((await client.login(credentials(ADMIN, DEMO_PASSWORD), attacker)).status).toBe(200);
  });

  it("forgets a pair's failures once the right password is given", async () => {
    const client = createLegacyClient(appInstance({ failuresPerAccountAndAddress: 3 }));
    const user = from("203.0.113.12");
    const statuses = [];
    for (const password of ["typo-1", "typo-2", DEMO_PASSWORD, "typo-3", "typo-4", "typo-5", "typo-6"]) {
      statuses.push((await client.login(credentials(ADMIN, password), user)).status);
    }
    expect(statuses).toEqual([401, 401, 200, 401, 401, 401, 429]);
  });

  it("limits 700 guesses over 700 e-mails from one address to the address's daily budget", async () => {
    const client = createLegacyClient(appInstance({ failuresPerAddressPerDay: 20 }));
    const sprayer = from("203.0.113.13");
    const statuses = [];
    for (let i = 0; i < 700; i++) {
      statuses.push((await client.login(credentials(`user${i}@entity1.test`, "Summer2026!"), sprayer)).status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(680).fill(429));

    // the address stays refused, even with a right password; other addresses are not
    expect((await client.login(credentials(ADMIN, DEMO_PASSWORD), sprayer)).status).toBe(429);
    expect((await client.login(credentials(ADMIN, DEMO_PASSWORD), from("198.51.100.23"))).status).toBe(200);
    // 700 sign-ins one after the other: about 10 s on a quiet machine, 55 s measured on a busy one
  }, 120_000);

  it("counts the failures of two app instances over one database together", async () => {
    const first = createLegacyClient(appInstance({ failuresPerAccountAndAddress: 4 }));
    const second = createLegacyClient(appInstance({ failuresPerAccountAndAddress: 4 }));
    const attacker = from("203.0.113.14");
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const client = i % 2 === 0 ? first : second;
      statuses.push((await client.login(credentials(ADMIN, `wrong-${i}`), attacker)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});

describe("login names", () => {
  it("does not sign in `admİn` (dotted capital I) as admin, whatever the database's lower() does", async () => {
    const client = createLegacyClient(appInstance());
    const response = await client.login(credentials("admİn@entity1.test", DEMO_PASSWORD), from("203.0.113.15"));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthorized", error_description: "Bad credentials" });
  });

  it("signs in an e-mail typed with other case and spaces as the same account", async () => {
    const client = createLegacyClient(appInstance());
    const response = await client.login(credentials("  Admin@Entity1.TEST ", DEMO_PASSWORD), from("203.0.113.16"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { email: ADMIN } });
  });

  it("counts every spelling of one e-mail against the same account", async () => {
    const client = createLegacyClient(appInstance({ failuresPerAccountAndAddress: 2 }));
    const attacker = from("203.0.113.17");
    const statuses = [];
    for (const email of ["ADMIN@entity1.test", " admin@ENTITY1.test", "Admin@Entity1.Test"]) {
      statuses.push((await client.login(credentials(email, "wrong"), attacker)).status);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });
});

describe("sign-in counters", () => {
  // last: it moves the clock past every counter of this file
  it("are swept once they have expired", async () => {
    const deps = appInstance();
    await createLegacyClient(deps).login(credentials(ADMIN, "wrong"), from("203.0.113.18"));
    expect(await server.deps.db.$count(schema.loginThrottle)).toBeGreaterThan(0);

    clock = new Date(clock.getTime() + 91 * 24 * HOUR_MS);
    await deps.loginThrottle.sweep();
    expect(await server.deps.db.$count(schema.loginThrottle)).toBe(0);
  });
});
