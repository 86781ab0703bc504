/**
 * A transaction's BEGIN and its first statement go to PostgreSQL in one write
 * (patches/postgres@3.4.9.patch): postgres.js waited for BEGIN's answer before
 * it ran the transaction's function, a round trip of its own on every update.
 * Seen through a TCP relay between the driver and the server, which keeps what
 * the driver sends, chunk by chunk. Only a PostgreSQL server has a socket to
 * relay, so vitest.config.ts includes this file only there.
 */
import net from "node:net";

import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let relay: net.Server;
let sql: postgres.Sql;
/** What the driver wrote, one entry per chunk the relay received. */
let sentChunks: string[] = [];

beforeAll(async () => {
  const server = new URL(process.env.DATABASE_URL!);
  relay = net.createServer((client) => {
    const upstream = net.connect(Number(server.port || 5432), server.hostname);
    client.on("data", (chunk) => {
      sentChunks.push(chunk.toString("latin1"));
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const relayed = new URL(server);
  relayed.hostname = "127.0.0.1";
  relayed.port = String((relay.address() as net.AddressInfo).port);
  sql = postgres(relayed.toString(), { max: 1, onnotice: () => {} });
  await sql`select 1`;
});

afterAll(async () => {
  await sql?.end({ timeout: 5 });
  await new Promise((resolve) => relay?.close(resolve));
});

describe("a transaction's start", () => {
  it("sends BEGIN and the first statement in one write, and the statement runs inside the transaction", async () => {
    sentChunks = [];
    const [first, second] = await sql.begin(async (tx) => {
      const [started] = await tx`select now() as at, 'first statement' as marker`;
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [later] = await tx`select now() as at`;
      return [started!.at as Date, later!.at as Date];
    });
    const beginChunk = sentChunks.find((chunk) => /begin/i.test(chunk));
    expect(beginChunk).toContain("first statement");
    // now() is the transaction's start: the same for both statements only inside one transaction
    expect(first).toEqual(second);
  });

  it("still waits for a BEGIN with options, which can fail, and then runs nothing", async () => {
    const marker = `not run ${Date.now()}`;
    sentChunks = [];
    await expect(sql.begin("isolation level nonsense", (tx) => tx`select ${marker}::text`)).rejects.toThrow(/syntax error/);
    expect(sentChunks.join("")).not.toContain(marker);
    const [row] = await sql.begin("isolation level serializable", (tx) => tx`select current_setting('transaction_isolation') as level`);
    expect(row!.level).toBe("serializable");
  });
});
