import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { describe, expect, it } from "vitest";

import { addressBucket, clientAddressOf, forwardedForWithPeer } from "./client-address";
import { peerAddressRewriter, REQUEST_START_CHANNEL } from "./peer-address";

function headers(forwardedFor?: string): Headers {
  return new Headers(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor });
}

/** What a handler behind a real node:http server sees as x-forwarded-for, with the rewriter on. */
async function forwardedForSeenByHandler(trustedProxies: number, sent: Record<string, string>): Promise<string | undefined> {
  const listener = peerAddressRewriter(trustedProxies);
  subscribe(REQUEST_START_CHANNEL, listener);
  const server = createServer((request, response) => {
    response.end(JSON.stringify({ forwardedFor: request.headers["x-forwarded-for"] ?? null }));
  });
  try {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers: sent });
    const { forwardedFor } = (await response.json()) as { forwardedFor: string | null };
    return forwardedFor ?? undefined;
  } finally {
    unsubscribe(REQUEST_START_CHANNEL, listener);
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("the client's address", () => {
  it("replaces a header the client wrote with the socket's address when no proxy is trusted", async () => {
    expect(await forwardedForSeenByHandler(0, { "x-forwarded-for": "203.0.113.99" })).toBe("127.0.0.1");
    expect(await forwardedForSeenByHandler(0, {})).toBe("127.0.0.1");
  });

  it("appends the socket's address to what trusted proxies wrote", async () => {
    expect(await forwardedForSeenByHandler(1, { "x-forwarded-for": "1.2.3.4, 203.0.113.7" })).toBe("1.2.3.4, 203.0.113.7, 127.0.0.1");
  });

  it("takes the entry that the nearest trusted proxy vouches for", () => {
    const received = "1.2.3.4, 203.0.113.7";
    expect(clientAddressOf(headers(forwardedForWithPeer(received, "10.0.0.2", 0)), 0)).toBe("10.0.0.2");
    expect(clientAddressOf(headers(forwardedForWithPeer(received, "10.0.0.2", 1)), 1)).toBe("203.0.113.7");
    expect(clientAddressOf(headers(forwardedForWithPeer(received, "10.0.0.2", 2)), 2)).toBe("1.2.3.4");
    // fewer hops than configured: the outermost entry, still written by a trusted proxy
    expect(clientAddressOf(headers("203.0.113.7, 10.0.0.2"), 3)).toBe("203.0.113.7");
  });

  it("is unknown when nothing names it", () => {
    expect(clientAddressOf(headers(), 0)).toBe("unknown");
    expect(clientAddressOf(headers(" , "), 0)).toBe("unknown");
  });
});

describe("addressBucket", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:DB8:1:2::9", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["unknown", "unknown"],
    ["not:an:address", "not:an:address"],
  ])("counts %s as %s", (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });
});
