/**
 * `withStatementTracing` tells every statement Drizzle sends, plain or
 * prebuilt, inside a transaction or a savepoint or not, to the tracing, with
 * its text and never its values, and when it ends; a transaction's statements
 * are told inside it. On both databases.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "./client";
import { prebuiltStatement } from "./prebuilt-query";
import { organizations } from "./schema";
import { poolStats, type StatementTracing, withStatementTracing } from "./telemetry";
import { createTestDatabase, TEST_POOL_CONNECTIONS, testDatabaseKind } from "./testing";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

type Event = { kind: "begin" | "commit" | "failed" } | { kind: "statement" | "settled"; text: string; error?: string };

/** A tracing that writes down what it is told, in order. */
function recordingTracing(): { tracing: StatementTracing; events: Event[] } {
  const events: Event[] = [];
  const tracing: StatementTracing = {
    statement(text) {
      events.push({ kind: "statement", text });
      return (error) => {
        const code = (error as { code?: string; cause?: { code?: string } } | undefined)?.code;
        events.push({ kind: "settled", text, ...(error !== undefined && { error: code ?? "unknown" }) });
      };
    },
    async transaction(run) {
      events.push({ kind: "begin" });
      try {
        const result = await run();
        events.push({ kind: "commit" });
        return result;
      } catch (error) {
        events.push({ kind: "failed" });
        throw error;
      }
    },
  };
  return { tracing, events };
}

const slugStatement = prebuiltStatement("telemetry_test_slug", () => sql`select ${sql.placeholder("slug")}::text as slug`);

describe(`withStatementTracing on ${testDatabaseKind}`, () => {
  it("tells each statement's text, without its values, and when it ended", async () => {
    const { tracing, events } = recordingTracing();
    const db = withStatementTracing(handle.db, tracing);

    const rows = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "a-secret-value"));
    expect(rows).toEqual([]);
    expect(await slugStatement(db, { slug: "another-secret" })).toEqual([{ slug: "another-secret" }]);

    expect(events).toEqual([
      { kind: "statement", text: expect.stringMatching(/^select "id" from "organizations" where "organizations"\."slug" = \$1$/) },
      { kind: "settled", text: expect.stringContaining('from "organizations"') },
      { kind: "statement", text: "select $1::text as slug" },
      { kind: "settled", text: "select $1::text as slug" },
    ]);
    expect(JSON.stringify(events)).not.toContain("secret");
  });

  it("tells a transaction around its statements, a savepoint inside it, and a failed statement with its SQLSTATE", async () => {
    const { tracing, events } = recordingTracing();
    const db = withStatementTracing(handle.db, tracing);

    await db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await tx.transaction(async (savepoint) => {
        await savepoint.execute(sql`select 2`);
      });
    });
    await expect(db.execute(sql`select 1 / 0`)).rejects.toThrow();

    const kinds = events.map((event) => ("text" in event ? `${event.kind} ${event.text}` : event.kind));
    expect(kinds).toEqual([
      "begin",
      "statement select 1",
      "settled select 1",
      // postgres.js runs a savepoint as a scope of its own; Drizzle sends PGlite's as statements
      ...(testDatabaseKind === "postgres"
        ? ["begin", "statement select 2", "settled select 2", "commit"]
        : ["statement savepoint sp1", "settled savepoint sp1", "statement select 2", "settled select 2"]),
      ...(testDatabaseKind === "pglite" ? ["statement release savepoint sp1", "settled release savepoint sp1"] : []),
      "commit",
      "statement select 1 / 0",
      "settled select 1 / 0",
    ]);
    expect(events.at(-1)).toMatchObject({ error: "22012" });
  });

  it("leaves the database it was given as it was", async () => {
    const { tracing, events } = recordingTracing();
    withStatementTracing(handle.db, tracing);
    await handle.db.execute(sql`select 1`);
    expect(events).toEqual([]);
  });
});

describe(`poolStats on ${testDatabaseKind}`, () => {
  it("reads the server pool's state, and nothing on the embedded database, which has no pool", () => {
    // the pool under load: pool-stats.test.ts
    if (testDatabaseKind === "pglite") expect(poolStats(handle.db)).toBeUndefined();
    else expect(poolStats(handle.db)).toMatchObject({ max: TEST_POOL_CONNECTIONS, waiting: 0 });
  });
});
