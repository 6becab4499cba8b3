import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_SOURCE_ADDRESS_LENGTH, parseSourceAddressParam } from "@/lib/ip/source-param";

// What /api/v1/ips/{ip} accepts: the stored spelling stays as given (lookups are exact), the candidates
// add the canonical spellings, and anything else is refused with a message naming the problem.

describe("parseSourceAddressParam", () => {
  it.each([
    ["2001:DB8::1", ["2001:DB8::1", "2001:db8::1"]],
    ["2001:db8::1", ["2001:db8::1"]],
    ["1.2.3.4", ["1.2.3.4", "::ffff:1.2.3.4"]],
    ["::ffff:1.2.3.4", ["::ffff:1.2.3.4", "1.2.3.4"]],
    ["::FFFF:102:304", ["::FFFF:102:304", "1.2.3.4", "::ffff:1.2.3.4"]],
    ["AWS Internal", ["AWS Internal"]],
    ["aws internal", ["aws internal", "AWS Internal"]],
    ["bedrock.amazonaws.com", ["bedrock.amazonaws.com"]],
    ["Bedrock.amazonaws.com", ["Bedrock.amazonaws.com", "bedrock.amazonaws.com"]],
    ["1.2.3.4, 10.0.0.1", ["1.2.3.4, 10.0.0.1", "1.2.3.4,10.0.0.1"]],
    ["2001:DB8::1,10.0.0.1", ["2001:DB8::1,10.0.0.1", "2001:db8::1, 10.0.0.1", "2001:db8::1,10.0.0.1"]],
  ])("accepts %s, looked up as %j", (raw, candidates) => {
    const result = parseSourceAddressParam(raw);
    expect(result).toMatchObject({ ok: true, value: raw, candidates });
  });

  it("keeps the stored spelling but drops surrounding spaces", () => {
    expect(parseSourceAddressParam(" 2001:DB8::1 ")).toMatchObject({ ok: true, value: "2001:DB8::1" });
  });

  it.each([
    ["1.2.3", "`1.2.3` is not an IPv4 or IPv6 address or an AWS service name"],
    ["999.1.1.1", "`999.1.1.1` is not an IPv4 or IPv6 address or an AWS service name"],
    ["/.//evil.example", "`/.//evil.example` is not an IPv4 or IPv6 address or an AWS service name"],
    ["example.com", "`example.com` is not an IPv4 or IPv6 address or an AWS service name"],
    ["fe80::1%eth0", "`fe80::1%eth0` is not an IPv4 or IPv6 address or an AWS service name"],
    ["", "The source address is empty"],
    ["   ", "The source address is empty"],
    ["a\u0000b", "The source address contains a control character (U+0000)"],
    ["1.2.3.4\n", "The source address contains a control character (U+000A)"],
    ["\u202e4.3.2.1", "The source address contains a control character (U+202E)"],
    ["x".repeat(100_000), "The source address is 100000 characters long; at most 255 are allowed"],
    [
      "1.2.3.4, example.com",
      "`example.com` in `1.2.3.4, example.com` is not an IPv4 or IPv6 address; a list may hold only addresses",
    ],
    ["1.2.3.4,", "`1.2.3.4,` has an empty entry; a list may hold only addresses"],
  ])("refuses %j", (raw, message) => {
    expect(parseSourceAddressParam(raw)).toEqual({ ok: false, message });
  });

  it("takes 255 characters and refuses 256", () => {
    const list = `${"1.2.3.4,".repeat(31)}1.2.3.4`;
    expect(list).toHaveLength(MAX_SOURCE_ADDRESS_LENGTH);
    expect(parseSourceAddressParam(list).ok).toBe(true);
    expect(parseSourceAddressParam(`${list} `).ok).toBe(false);
  });

  it("never throws, and whatever it accepts is short, printable and classified", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), fc.ipV4(), fc.ipV6()), (raw) => {
        const result = parseSourceAddressParam(raw);
        if (!result.ok) return;
        expect(result.value.length).toBeLessThanOrEqual(MAX_SOURCE_ADDRESS_LENGTH);
        expect(result.value).not.toMatch(/[\p{Cc}\p{Cf}]/u);
        expect(result.candidates[0]).toBe(result.value);
        expect(["ipv4", "ipv6", "aws-service", "aws-internal", "multiple"]).toContain(result.classification.kind);
      }),
    );
  });
});
