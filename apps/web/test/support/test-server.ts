/**
 * A server for one test file: a fresh seeded database (PGlite, or the
 * PostgreSQL server of DATABASE_URL), pictures on a temporary folder, and
 * the production wiring of deps, handlers and tRPC context around them.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { seedDemoData } from "@cr/db/seed";
import { createTestDatabase } from "@cr/db/testing";

import type { LoginLimits } from "~/server/auth/login-throttle";
import { createServerDeps, type ServerDeps } from "~/server/deps";
import { createLocalPictureStorage } from "~/server/pictures/picture-storage";
import { signIn } from "~/server/services/sign-in";
import { createTRPCContext } from "~/server/trpc/init";
import { createCaller } from "~/server/trpc/root";

export const PUBLIC_BASE_URL = "http://records.test";
export const DEMO_PASSWORD = "demo-password";

export interface TestServer {
  deps: ServerDeps;
  uploadsDir: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  rateLimitPerMinute?: number;
  maxRequestBytes?: number;
  customersPerOrganization?: number;
  /** Sign-in throttling; unset fields keep the production defaults. */
  loginLimits?: Partial<LoginLimits>;
  /** The server's clock (sessions, limits); the real one when unset. */
  now?: () => Date;
  /** Told every SQL statement the database driver sends. */
  onStatement?: (text: string) => void;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase({ onStatement: options.onStatement });
  await seedDemoData(database.db, {
    adminPassword: DEMO_PASSWORD,
    customersPerOrganization: options.customersPerOrganization ?? 10,
  });
  const uploadsDir = await mkdtemp(path.join(tmpdir(), "cr-uploads-"));
  const deps = createServerDeps({
    db: database.db,
    pictureStorage: createLocalPictureStorage({ rootDir: uploadsDir }),
    config: {
      publicBaseUrl: PUBLIC_BASE_URL,
      sessionTtlHours: 1,
      maxRequestBytes: options.maxRequestBytes ?? 3 * 1024 * 1024,
    },
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
    loginLimits: options.loginLimits,
    now: options.now,
  });
  return {
    deps,
    uploadsDir,
    async close() {
      await database.close();
      await rm(uploadsDir, { recursive: true, force: true });
    },
  };
}

/** A session token of a demo user, as the legacy login would give. */
export async function sessionTokenOf(deps: ServerDeps, email: string): Promise<string> {
  const { token } = await signIn({ deps, email, password: DEMO_PASSWORD });
  return token;
}

/** A tRPC caller built with the production context factory, signed in as `email` (or anonymous). */
export async function trpcCallerFor(deps: ServerDeps, email?: string) {
  const headers = new Headers();
  if (email) headers.set("cookie", `JSESSIONID=${await sessionTokenOf(deps, email)}`);
  return createCaller(await createTRPCContext({ deps, headers }));
}
