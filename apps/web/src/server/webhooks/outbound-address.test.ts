import { describe, expect, it } from "vitest";

import { checkedAddressesOf, OutboundAddressRefused, refusedAddressKind } from "./outbound-address";

describe("the addresses a webhook may not reach", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.10", "private"],
    ["fd00::1", "private"],
    ["fd00:ec2::254", "private"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["100.64.0.1", "shared (CGNAT)"],
    ["100.100.100.200", "shared (CGNAT)"],
    ["192.0.2.7", "reserved"],
    ["240.0.0.1", "reserved"],
    ["224.0.0.251", "multicast"],
    ["ff02::1", "multicast"],
    // IPv4 inside IPv6: mapped, NAT64 and 6to4 reach the IPv4 address they carry
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:10.0.0.1", "private"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["2002:c0a8:0101::1", "private"],
  ])("%s is %s", (address, kind) => {
    expect(refusedAddressKind(address)).toBe(kind);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])(
    "%s is public",
    (address) => {
      expect(refusedAddressKind(address)).toBeUndefined();
    },
  );
});

describe("a host's checked addresses", () => {
  const resolveTo = (...addresses: string[]) => () => Promise.resolve(addresses.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) })));

  it("checks an address written in the URL without resolving it", async () => {
    await expect(checkedAddressesOf("169.254.169.254", { allowPrivate: false, resolve: resolveTo("8.8.8.8") })).rejects.toThrow(
      "169.254.169.254 is a link-local address",
    );
  });

  it("refuses a name when any of its addresses is refused", async () => {
    const refusal = checkedAddressesOf("rebind.example.test", { allowPrivate: false, resolve: resolveTo("93.184.216.34", "127.0.0.1") });
    await expect(refusal).rejects.toBeInstanceOf(OutboundAddressRefused);
    await expect(refusal).rejects.toThrow("rebind.example.test resolves to 127.0.0.1, a loopback address");
  });

  it("answers the public addresses a name resolves to, and any address when private ones are allowed", async () => {
    await expect(checkedAddressesOf("erp.example.test", { allowPrivate: false, resolve: resolveTo("93.184.216.34") })).resolves.toEqual([
      { address: "93.184.216.34", family: 4 },
    ]);
    await expect(checkedAddressesOf("erp.example.test", { allowPrivate: true, resolve: resolveTo("10.0.0.8") })).resolves.toEqual([
      { address: "10.0.0.8", family: 4 },
    ]);
  });
});
