/**
 * Where a webhook may connect (OWASP's SSRF prevention): never inside the
 * network the app runs in. An admin chooses the URL, so without this rule a
 * webhook could reach the database, another service's admin port or the
 * cloud's metadata address (169.254.169.254), which hands out credentials.
 *
 * The name is resolved once per delivery, every address it resolves to is
 * checked, and the connection is made to a checked address (the request's
 * `lookup` answers with them, send-webhook.ts): DNS cannot answer a public
 * address to the check and a private one to the connection. A name with one
 * refused address among its answers is refused whole.
 *
 * WEBHOOK_ALLOW_PRIVATE lifts this rule for local development and tests.
 */
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** How names are resolved; dns.lookup (the system's resolver, /etc/hosts included) unless a test says otherwise. */
export type ResolveHostname = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveWithSystem: ResolveHostname = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

const refusedRanges: { kind: string; ranges: [string, number, "ipv4" | "ipv6"][] }[] = [
  { kind: "loopback", ranges: [["127.0.0.0", 8, "ipv4"], ["::1", 128, "ipv6"]] },
  { kind: "unspecified", ranges: [["0.0.0.0", 8, "ipv4"], ["::", 128, "ipv6"]] },
  {
    kind: "private",
    ranges: [
      ["10.0.0.0", 8, "ipv4"],
      ["172.16.0.0", 12, "ipv4"],
      ["192.168.0.0", 16, "ipv4"],
      // unique-local IPv6 (fd00:ec2::254 is AWS's metadata address over IPv6)
      ["fc00::", 7, "ipv6"],
      // IPv6 site-local, deprecated but still routed by some networks
      ["fec0::", 10, "ipv6"],
    ],
  },
  // 169.254.169.254, the cloud metadata address, is link-local
  { kind: "link-local", ranges: [["169.254.0.0", 16, "ipv4"], ["fe80::", 10, "ipv6"]] },
  // carrier-grade NAT; Alibaba Cloud's metadata address 100.100.100.200 is in it
  { kind: "shared (CGNAT)", ranges: [["100.64.0.0", 10, "ipv4"]] },
  {
    kind: "reserved",
    ranges: [
      ["192.0.0.0", 24, "ipv4"],
      ["192.0.2.0", 24, "ipv4"],
      ["198.18.0.0", 15, "ipv4"],
      ["198.51.100.0", 24, "ipv4"],
      ["203.0.113.0", 24, "ipv4"],
      ["240.0.0.0", 4, "ipv4"],
      ["100::", 64, "ipv6"],
      ["2001:db8::", 32, "ipv6"],
    ],
  },
  { kind: "multicast", ranges: [["224.0.0.0", 4, "ipv4"], ["ff00::", 8, "ipv6"]] },
];

const blockLists = refusedRanges.map(({ kind, ranges }) => {
  const list = new BlockList();
  for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family);
  return { kind, list };
});

/**
 * IPv6 forms that carry an IPv4 address inside: NAT64 (64:ff9b::/96) and
 * 6to4 (2002::/16) reach the IPv4 address they carry. (IPv4-mapped
 * `::ffff:a.b.c.d` is checked by BlockList against the IPv4 ranges itself.)
 */
function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) return undefined;
  const ipv4 = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
  if (nat64) return ipv4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return ipv4(groups[1]!, groups[2]!);
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail included), or undefined. */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...tailGroups].map((group) => parseInt(group, 16));
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

/** Why a webhook may not connect to `address` (an IP address), or undefined when it may. */
export function refusedAddressKind(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  const type = family === 4 ? "ipv4" : "ipv6";
  for (const { kind, list } of blockLists) if (list.check(address, type)) return kind;
  if (family === 6) {
    const inner = embeddedIpv4(address);
    if (inner) {
      const kind = refusedAddressKind(inner);
      if (kind) return kind;
    }
  }
  return undefined;
}

/** A URL's host as an address or a name: `[::1]` loses its brackets. */
export function hostOfUrl(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * The addresses to connect to for `host`: the address itself, or what the
 * name resolves to, each checked unless `allowPrivate`. Throws an
 * OutboundAddressRefused naming the first refused address.
 */
export async function checkedAddressesOf(host: string, options: { allowPrivate: boolean; resolve: ResolveHostname }): Promise<ResolvedAddress[]> {
  const family = isIP(host);
  const addresses: ResolvedAddress[] = family === 0 ? await options.resolve(host) : [{ address: host, family: family === 6 ? 6 : 4 }];
  if (addresses.length === 0) throw new Error(`${host} resolves to no address`);
  if (options.allowPrivate) return addresses;
  for (const { address } of addresses) {
    const kind = refusedAddressKind(address);
    if (kind) throw new OutboundAddressRefused(host === address ? `${address} is a ${kind} address` : `${host} resolves to ${address}, a ${kind} address`);
  }
  return addresses;
}

export class OutboundAddressRefused extends Error {
  override readonly name = "OutboundAddressRefused";
}
