import ipaddr from "ipaddr.js";
import { parseAddress } from "@/lib/ip/classify";

// Which address a request came from. By default the TCP peer, whatever headers the client sends: an
// X-Forwarded-For a client writes itself would otherwise choose the address that is audited and that the
// per-IP sign-in limit counts. Behind a reverse proxy, TRUSTED_PROXIES says which hops to believe, as
// Express's `trust proxy` does: a hop count, or the addresses and CIDR ranges the proxies use.

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

export type ProxyTrust =
  | { kind: "none" }
  /** The nearest `count` hops are proxies: the client is the entry that many places left of the peer. */
  | { kind: "hops"; count: number }
  /** Hops whose address is in one of these ranges are proxies; the first one that is not is the client. */
  | { kind: "ranges"; ranges: Range[] };

const NAMED: Readonly<Record<string, string[]>> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
};

const MAX_HOPS = 10;

/** TRUSTED_PROXIES as written: empty or "none", a hop count, or a comma-separated list of addresses, CIDRs and names. */
export function parseTrustedProxies(text: string | undefined): ProxyTrust {
  const value = (text ?? "").trim();
  if (value === "" || value === "none") return { kind: "none" };
  if (/^\d+$/.test(value)) {
    const count = Number(value);
    if (count < 1 || count > MAX_HOPS) throw new Error(`a hop count must be from 1 to ${MAX_HOPS}, not ${value}`);
    return { kind: "hops", count };
  }
  const ranges: Range[] = [];
  for (const item of value.split(",").map((part) => part.trim())) {
    const named = NAMED[item.toLowerCase()];
    if (named) {
      ranges.push(...named.map((cidr) => ipaddr.parseCIDR(cidr)));
      continue;
    }
    const [address, bits, extra] = item.split("/");
    const parsed = address ? parseAddress(address) : null;
    const max = parsed?.address.kind() === "ipv4" ? 32 : 128;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
    if (!parsed || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
      throw new Error(
        `"${item}" is not an address, a CIDR range (such as 10.0.0.0/8) or one of ${Object.keys(NAMED).join(", ")}`,
      );
    }
    ranges.push([parsed.address, prefix]);
  }
  return { kind: "ranges", ranges };
}

/** An address as the audit log writes it (IPv4-mapped IPv6 unwrapped); null when it is not one. */
function normalise(text: string): string | null {
  const parsed = parseAddress(text.trim());
  return parsed ? parsed.address.toString() : null;
}

function isTrusted(address: string, ranges: Range[]): boolean {
  const parsed = parseAddress(address);
  if (!parsed) return false;
  return ranges.some(([range, bits]) => range.kind() === parsed.address.kind() && parsed.address.match(range, bits));
}

/**
 * The client's address, given the TCP peer's and the X-Forwarded-For header. Entries are read from the right
 * (the nearest hop first) and only across hops the configuration trusts; a malformed entry ends the walk, so
 * the answer is always an address some trusted hop actually saw.
 */
export function resolveClientIp(peer: string, forwardedFor: string | null, trust: ProxyTrust): string {
  const self = normalise(peer) ?? peer;
  if (trust.kind === "none" || !forwardedFor) return self;
  const chain = [self];
  for (const entry of forwardedFor.split(",").reverse()) {
    const address = normalise(entry);
    if (!address) break;
    chain.push(address);
  }
  if (trust.kind === "hops") return chain[Math.min(trust.count, chain.length - 1)] as string;
  let index = 0;
  while (index < chain.length - 1 && isTrusted(chain[index] as string, trust.ranges)) index++;
  return chain[index] as string;
}
