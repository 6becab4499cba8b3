import ipaddr from "ipaddr.js";

// Where an address sits: the scope the UI shows and that decides whether an address is worth enriching.
// Built on ipaddr.js's range(), whose names come from its SpecialRanges tables (node_modules/ipaddr.js/
// lib/ipaddr.js). Two corrections on top of it:
// - its IPv4 "reserved" lumps the documentation (RFC 5737) and benchmarking (RFC 2544) nets together with
//   240/4 and others, and its IPv6 "reserved" holds 2001:db8::/32 and 3fff::/20 (documentation); both are
//   split out here, because analysts see documentation addresses in sample logs and should know them;
// - IPv6 outside 2000::/3 is not global unicast (IANA's IPv6 address space registry), but range() calls
//   anything it has no name for "unicast", so such addresses are "reserved" here, not "public".

export type AddressScope =
  | "public"
  | "private"
  | "unique-local"
  | "loopback"
  | "link-local"
  | "carrier-grade-nat"
  | "documentation"
  | "benchmarking"
  | "multicast"
  | "unspecified"
  | "broadcast"
  | "reserved";

/** Why a "reserved" address is reserved, by range() name, for the label. */
const RESERVED_DETAIL: Record<string, string> = {
  reserved: "IANA special-purpose",
  as112: "AS112 DNS",
  as112v6: "AS112 DNS",
  amt: "AMT relay",
  rfc6145: "IPv4-translated",
  rfc6052: "NAT64",
  "6to4": "6to4",
  teredo: "Teredo",
  discard: "discard-only",
  deprecatedSiteLocal: "site-local, deprecated",
  deprecatedOrchid: "ORCHID, deprecated",
  orchid2: "ORCHIDv2",
  droneRemoteIdProtocolEntityTags: "DRIP entity tags",
  segmentRouting: "SRv6 SIDs",
  notGlobalUnicast: "outside 2000::/3",
};

/**
 * Every name ipaddr.js 2.5's range() returns, except ipv4Mapped (classify.ts unwraps those to IPv4).
 * A name a later version adds falls to "reserved" until it is listed here; the classify test fails first.
 */
export const SCOPE_BY_RANGE: Readonly<Record<string, AddressScope>> = {
  unicast: "public",
  private: "private",
  uniqueLocal: "unique-local",
  loopback: "loopback",
  linkLocal: "link-local",
  carrierGradeNat: "carrier-grade-nat",
  benchmarking: "benchmarking",
  multicast: "multicast",
  unspecified: "unspecified",
  broadcast: "broadcast",
  ...Object.fromEntries(Object.keys(RESERVED_DETAIL).map((name) => [name, "reserved" as const])),
};

const cidrs = (...texts: string[]) => texts.map((text) => ipaddr.parseCIDR(text));
const DOCUMENTATION = cidrs("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "3fff::/20");
const BENCHMARKING = cidrs("198.18.0.0/15");
const GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");

const within = (address: ipaddr.IPv4 | ipaddr.IPv6, nets: [ipaddr.IPv4 | ipaddr.IPv6, number][]) =>
  nets.some(([net, bits]) => net.kind() === address.kind() && address.match(net, bits));

export interface ScopeInfo {
  scope: AddressScope;
  /** ipaddr.js's range() name, or notGlobalUnicast: kept so the label can say which special range. */
  range: string;
}

export function scopeOf(address: ipaddr.IPv4 | ipaddr.IPv6): ScopeInfo {
  let range: string = address.range();
  if (range === "reserved" && within(address, DOCUMENTATION)) return { scope: "documentation", range };
  if (range === "reserved" && within(address, BENCHMARKING)) return { scope: "benchmarking", range };
  if (range === "unicast" && address.kind() === "ipv6" && !address.match(GLOBAL_UNICAST)) range = "notGlobalUnicast";
  return { scope: Object.hasOwn(SCOPE_BY_RANGE, range) ? (SCOPE_BY_RANGE[range] as AddressScope) : "reserved", range };
}

const SCOPE_LABEL: Record<Exclude<AddressScope, "public" | "reserved">, string> = {
  private: "Private (RFC 1918)",
  "unique-local": "Unique local (fc00::/7)",
  loopback: "Loopback",
  "link-local": "Link-local",
  "carrier-grade-nat": "Carrier-grade NAT (100.64.0.0/10)",
  documentation: "Documentation range",
  benchmarking: "Benchmarking range",
  multicast: "Multicast",
  unspecified: "Unspecified",
  broadcast: "Broadcast",
};

export function scopeLabel(kind: "ipv4" | "ipv6", { scope, range }: ScopeInfo): string {
  if (scope === "public") return kind === "ipv4" ? "Public IPv4" : "Public IPv6";
  if (scope === "reserved")
    return `Reserved (${Object.hasOwn(RESERVED_DETAIL, range) ? RESERVED_DETAIL[range] : range})`;
  return SCOPE_LABEL[scope];
}
