import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { classifySourceAddress } from "@/lib/ip/classify";
import { SCOPE_BY_RANGE } from "@/lib/ip/scope";

// What an analyst sees for each kind of sourceIPAddress: the canonical address, the scope and its label,
// and whether the address is public (the only ones enriched with owner and country).

type Row = [value: string, kind: string, address: string | null, scope: string | null, label?: string];

const addresses: Row[] = [
  ["8.8.8.8", "ipv4", "8.8.8.8", "public", "Public IPv4"],
  ["10.1.2.3", "ipv4", "10.1.2.3", "private", "Private (RFC 1918)"],
  ["172.16.0.1", "ipv4", "172.16.0.1", "private"],
  ["172.31.255.255", "ipv4", "172.31.255.255", "private"],
  ["172.32.0.1", "ipv4", "172.32.0.1", "public"],
  ["192.168.1.1", "ipv4", "192.168.1.1", "private"],
  ["127.0.0.1", "ipv4", "127.0.0.1", "loopback", "Loopback"],
  ["169.254.169.254", "ipv4", "169.254.169.254", "link-local", "Link-local"],
  ["100.64.0.1", "ipv4", "100.64.0.1", "carrier-grade-nat", "Carrier-grade NAT (100.64.0.0/10)"],
  ["100.128.0.1", "ipv4", "100.128.0.1", "public"],
  ["192.0.2.1", "ipv4", "192.0.2.1", "documentation", "Documentation range"],
  ["198.51.100.7", "ipv4", "198.51.100.7", "documentation"],
  ["203.0.113.255", "ipv4", "203.0.113.255", "documentation"],
  ["198.18.0.1", "ipv4", "198.18.0.1", "benchmarking", "Benchmarking range"],
  ["198.19.255.255", "ipv4", "198.19.255.255", "benchmarking"],
  ["198.20.0.1", "ipv4", "198.20.0.1", "public"],
  ["224.0.0.1", "ipv4", "224.0.0.1", "multicast", "Multicast"],
  ["0.0.0.0", "ipv4", "0.0.0.0", "unspecified", "Unspecified"],
  ["255.255.255.255", "ipv4", "255.255.255.255", "broadcast", "Broadcast"],
  ["240.0.0.1", "ipv4", "240.0.0.1", "reserved", "Reserved (IANA special-purpose)"],
  ["192.0.0.8", "ipv4", "192.0.0.8", "reserved"],
  ["192.175.48.1", "ipv4", "192.175.48.1", "reserved", "Reserved (AS112 DNS)"],
  [" 8.8.4.4 ", "ipv4", "8.8.4.4", "public"],
  ["2001:4860:4860::8888", "ipv6", "2001:4860:4860::8888", "public", "Public IPv6"],
  ["2001:DB8::1", "ipv6", "2001:db8::1", "documentation"],
  ["2001:0db8:0000:0000:0000:0000:0000:0001", "ipv6", "2001:db8::1", "documentation"],
  ["3fff::1", "ipv6", "3fff::1", "documentation"],
  ["2001:2::1", "ipv6", "2001:2::1", "benchmarking"],
  ["FD12:3456::1", "ipv6", "fd12:3456::1", "unique-local", "Unique local (fc00::/7)"],
  ["fc00::1", "ipv6", "fc00::1", "unique-local"],
  ["::1", "ipv6", "::1", "loopback"],
  ["::", "ipv6", "::", "unspecified"],
  ["fe80::1", "ipv6", "fe80::1", "link-local"],
  ["ff02::1", "ipv6", "ff02::1", "multicast"],
  ["2002:c000:204::1", "ipv6", "2002:c000:204::1", "reserved", "Reserved (6to4)"],
  ["2001::1", "ipv6", "2001::1", "reserved", "Reserved (Teredo)"],
  ["64:ff9b::1.2.3.4", "ipv6", "64:ff9b::102:304", "reserved", "Reserved (NAT64)"],
  ["fec0::1", "ipv6", "fec0::1", "reserved"],
  ["4000::1", "ipv6", "4000::1", "reserved", "Reserved (outside 2000::/3)"],
  // ipaddr.js alone would read this IPv4-compatible form as ::ffff:1.2.3.4.
  ["::1.2.3.4", "ipv6", "::102:304", "reserved"],
  // IPv4-mapped IPv6 is the IPv4 address.
  ["::ffff:8.8.8.8", "ipv4", "8.8.8.8", "public", "Public IPv4"],
  ["::FFFF:10.0.0.1", "ipv4", "10.0.0.1", "private"],
  ["::ffff:808:808", "ipv4", "8.8.8.8", "public"],
  ["0:0:0:0:0:ffff:c0a8:101", "ipv4", "192.168.1.1", "private"],
];

const others: Row[] = [
  ["bedrock.amazonaws.com", "aws-service", null, null, "AWS service: Amazon Bedrock (bedrock.amazonaws.com)"],
  ["ec2.amazonaws.com", "aws-service", null, null, "AWS service: Amazon EC2 (ec2.amazonaws.com)"],
  ["EC2.AmazonAWS.com", "aws-service", null, null, "AWS service: Amazon EC2 (ec2.amazonaws.com)"],
  ["resource-explorer-2.amazonaws.com", "aws-service", null, null, "AWS service (resource-explorer-2.amazonaws.com)"],
  ["constructor.amazonaws.com", "aws-service", null, null, "AWS service (constructor.amazonaws.com)"],
  ["AWS Internal", "aws-internal", null, null, "AWS Internal"],
  ["amazonaws.com", "hostname", null, null, "Host name (amazonaws.com)"],
  ["evil-amazonaws.com", "hostname", null, null],
  ["bedrock.amazonaws.com.evil.example", "hostname", null, null],
  ["1.2.3", "unrecognized", null, null, "Not an address or AWS service name"],
  ["999.1.1.1", "unrecognized", null, null],
  ["1.2.3.04", "unrecognized", null, null],
  ["127.1", "unrecognized", null, null],
  ["0x7f.0.0.1", "unrecognized", null, null],
  ["2130706433", "unrecognized", null, null],
  ["fe80::1%eth0", "unrecognized", null, null],
  ["::ffff:1.2.3", "unrecognized", null, null],
  ["::ffff:0x7f.0.0.1", "unrecognized", null, null],
  ["1:2:3:4:5:6:7:8:9", "unrecognized", null, null],
  ["a\u0000b", "unrecognized", null, null],
  ["x".repeat(100_000), "unrecognized", null, null],
  ["/.//evil.example", "unrecognized", null, null],
  ["", "unrecognized", null, null],
  ["1.2.3.4,", "unrecognized", null, null],
  ["1.2.3.4, example.com", "unrecognized", null, null],
];

describe("classifySourceAddress", () => {
  it.each(addresses)("%s is %s %s, %s", (value, kind, address, scope, label) => {
    const result = classifySourceAddress(value);
    expect(result).toMatchObject({ kind, address, scope, isRoutable: scope === "public" });
    if (label) expect(result.label).toBe(label);
  });

  it.each(others)("%s is %s", (value, kind, _address, _scope, label) => {
    const result = classifySourceAddress(value);
    expect(result.kind).toBe(kind);
    expect(result.isRoutable).toBe(false);
    if (label) expect(result.label).toBe(label);
  });

  it("marks IPv4-mapped input, so the UI can say how the address was written", () => {
    expect(classifySourceAddress("::ffff:8.8.8.8")).toMatchObject({ isIpv4Mapped: true });
    expect(classifySourceAddress("8.8.8.8")).toMatchObject({ isIpv4Mapped: false });
  });

  it("reads two addresses joined by a comma, each classified on its own", () => {
    const result = classifySourceAddress("203.0.113.5, 10.0.0.1,2001:4860:4860::8888");
    expect(result).toMatchObject({ kind: "multiple", label: "Multiple addresses (3)", isRoutable: false });
    if (result.kind !== "multiple") throw new Error("expected multiple");
    expect(result.addresses.map((entry) => [entry.address, entry.scope])).toEqual([
      ["203.0.113.5", "documentation"],
      ["10.0.0.1", "private"],
      ["2001:4860:4860::8888", "public"],
    ]);
  });

  it("names a scope for every range ipaddr.js knows, so an upgrade adding one fails here first", () => {
    const rangesOf = (prototype: unknown) => Object.keys((prototype as { SpecialRanges: object }).SpecialRanges);
    const names = new Set([...rangesOf(ipaddr.IPv4.prototype), ...rangesOf(ipaddr.IPv6.prototype), "unicast"]);
    names.delete("ipv4Mapped");
    expect([...names].filter((name) => !Object.hasOwn(SCOPE_BY_RANGE, name))).toEqual([]);
  });

  it("gives any IPv4 address back in its own text, also when written IPv4-mapped", () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const direct = classifySourceAddress(ip);
        expect(direct).toMatchObject({ kind: "ipv4", address: ip });
        expect(classifySourceAddress(`::ffff:${ip}`)).toEqual({ ...direct, isIpv4Mapped: true });
      }),
    );
  });

  it("gives any IPv6 address a canonical text that reads back as the same address", () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const result = classifySourceAddress(ip);
        if (result.kind !== "ipv4" && result.kind !== "ipv6") throw new Error(`${ip} gave ${result.kind}`);
        expect(classifySourceAddress(result.address)).toMatchObject({ address: result.address, scope: result.scope });
        // ipaddr.js itself misreads ::a.b.c.d (see the table above), so it cannot be the reference there.
        if (result.kind === "ipv6" && !/^::[\d.]+$/.test(ip)) {
          expect(result.address).toBe(ipaddr.parse(ip).toString());
        }
      }),
    );
  });

  it("never throws, whatever the stored text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => classifySourceAddress(text) !== null),
    );
  });
});
