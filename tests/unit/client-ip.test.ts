import { describe, expect, it } from "vitest";
import { parseTrustedProxies, resolveClientIp } from "@/lib/auth/client-ip";

// Issue 15, finding 3: an X-Forwarded-For the client writes itself must not choose its audited address or
// dodge the per-IP limit. Only hops the configuration trusts are believed.

describe("the client's address", () => {
  it("is the TCP peer by default, whatever X-Forwarded-For says", () => {
    const none = parseTrustedProxies(undefined);
    expect(resolveClientIp("127.0.0.1", "198.18.0.1", none)).toBe("127.0.0.1");
    expect(resolveClientIp("::ffff:203.0.113.9", "198.18.0.1, 10.0.0.1", none)).toBe("203.0.113.9");
    expect(resolveClientIp("2001:db8::1", null, parseTrustedProxies("none"))).toBe("2001:db8::1");
  });

  it("with a hop count, is the entry that many hops left of the peer, never past the header's start", () => {
    const one = parseTrustedProxies("1");
    expect(resolveClientIp("10.0.0.2", "198.51.100.7", one)).toBe("198.51.100.7");
    // A client-written entry to the left of what the proxy appended is not believed.
    expect(resolveClientIp("10.0.0.2", "198.18.0.1, 198.51.100.7", one)).toBe("198.51.100.7");
    expect(resolveClientIp("10.0.0.2", "198.18.0.1, 198.51.100.7, 10.0.0.9", parseTrustedProxies("2"))).toBe(
      "198.51.100.7",
    );
    expect(resolveClientIp("10.0.0.2", "198.51.100.7", parseTrustedProxies("3"))).toBe("198.51.100.7");
    expect(resolveClientIp("10.0.0.2", null, one)).toBe("10.0.0.2");
  });

  it("with ranges, walks left only across trusted proxies", () => {
    const trust = parseTrustedProxies("10.0.0.0/8, loopback");
    expect(resolveClientIp("127.0.0.1", "198.51.100.7, 10.1.2.3", trust)).toBe("198.51.100.7");
    expect(resolveClientIp("127.0.0.1", "198.18.0.1, 198.51.100.7, 10.1.2.3", trust)).toBe("198.51.100.7");
    // The peer is not a trusted proxy: its header is ignored.
    expect(resolveClientIp("203.0.113.5", "198.18.0.1", trust)).toBe("203.0.113.5");
    // Every hop trusted: the leftmost entry.
    expect(resolveClientIp("127.0.0.1", "10.0.0.1", trust)).toBe("10.0.0.1");
    // A malformed entry stops the walk at the last address a trusted hop saw.
    expect(resolveClientIp("127.0.0.1", "198.18.0.1, not-an-ip, 10.1.2.3", trust)).toBe("10.1.2.3");
    expect(resolveClientIp("::1", "2001:db8::7", parseTrustedProxies("::1"))).toBe("2001:db8::7");
  });

  it("refuses a TRUSTED_PROXIES it cannot read, saying why", () => {
    for (const bad of ["0", "11", "10.0.0.0/33", "10.0.0.0/8/1", "example.com", "10.0.0.0/x", "private,nope"]) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(/hop count|not an address/);
    }
    expect(parseTrustedProxies("private, 192.0.2.1, 2001:db8::/32").kind).toBe("ranges");
  });
});
