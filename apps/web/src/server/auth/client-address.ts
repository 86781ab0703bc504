/**
 * Which address a request comes from, for the sign-in throttle.
 *
 * A route handler gets a web `Request`, not the socket. Next's own server
 * (`next start`, `next dev`; base-server.js in next/dist/server) fills
 * `x-forwarded-for` with the socket's address, but only when the request has
 * none (`req.headers['x-forwarded-for'] ??= socket.remoteAddress`): a client
 * that sends the header itself picks its own address, and with it a fresh
 * failure budget per request. So the process rewrites the header before Next
 * reads it (`peer-address.ts`, installed by `instrumentation.ts`):
 *
 * - `TRUST_PROXY=0` (the default, nothing in front of the app): the header
 *   becomes the socket's address alone; whatever the client wrote is dropped.
 * - `TRUST_PROXY=n`: n reverse proxies in front each append the address they
 *   received from; the socket's address (the nearest proxy) is appended too,
 *   and the client is the entry n places before the end.
 *
 * Requests that reach a handler some other way (tests, a bare `Request`) are
 * read the same way, their last entry standing for the socket.
 */

/** The `x-forwarded-for` value that the app's handlers see, given the socket's address. */
export function forwardedForWithPeer(
  received: string | string[] | undefined,
  peer: string | undefined,
  trustedProxies: number,
): string | undefined {
  if (trustedProxies === 0) return peer;
  const chain = [received].flat().filter((entry): entry is string => Boolean(entry));
  if (peer) chain.push(peer);
  return chain.length > 0 ? chain.join(", ") : undefined;
}

export const UNKNOWN_CLIENT_ADDRESS = "unknown";

/** The client's address as the trusted hops report it; `unknown` when there is none. */
export function clientAddressOf(headers: Headers, trustedProxies: number): string {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return UNKNOWN_CLIENT_ADDRESS;
  // fewer entries than trusted hops: the leftmost was still written by a trusted proxy
  return chain[Math.max(chain.length - 1 - trustedProxies, 0)]!;
}

/**
 * The unit that the per-address limits count. One IPv6 host commonly holds a
 * whole /64, so its addresses count as one; an IPv4 address mapped into IPv6
 * counts as itself.
 */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  let canonical: string;
  try {
    // the URL parser validates an IPv6 address and writes it one way (lower case, `::` for zeros)
    canonical = new URL(`http://[${address.replace(/%.*$/, "")}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
  const [head = "", tail] = canonical.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  return `${groups.slice(0, 4).join(":")}::/64`;
}
