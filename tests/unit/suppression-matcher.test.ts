import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conditionSchema, conditionsProblem, describeConditions } from "@/lib/suppressions/conditions";
import { compileSuppression, type MatchFacts, type SuppressionDefinition } from "@/lib/suppressions/matcher";
import { needsAdmin, stateOf } from "@/lib/suppressions/schema";

// What a suppression covers: each operator's edges, case rules, the window as a boundary on event times,
// and the rule scope.

const RULE = "bedrock-discovery-long-term-key";
const T = new Date("2026-05-01T12:00:00Z");
const facts = (overrides: Partial<MatchFacts> = {}): MatchFacts => ({
  time: T,
  principalArn: "arn:aws:iam::123456789012:user/ci-bot",
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  sourceIp: "10.1.2.3",
  userAgent: "Boto3/1.34.0 md/Botocore#1.34.0",
  eventName: "ListFoundationModels",
  awsRegion: "us-east-1",
  accountId: "123456789012",
  ...overrides,
});
const suppression = (
  conditions: SuppressionDefinition["conditions"],
  overrides: Partial<SuppressionDefinition> = {},
): SuppressionDefinition => ({
  id: "s1",
  name: "test",
  version: 1,
  allRules: true,
  ruleIds: [],
  conditions,
  startsAt: new Date("2026-01-01T00:00:00Z"),
  expiresAt: new Date("2027-01-01T00:00:00Z"),
  ...overrides,
});
const covers = (definition: SuppressionDefinition, overrides: Partial<MatchFacts> = {}, rule = RULE) =>
  compileSuppression(definition).covers(rule, facts(overrides));
const cidr = (...values: string[]) => suppression([{ field: "sourceIp", operator: "cidr", values }]);

describe("CIDR", () => {
  it.each([
    ["10.0.0.0/8", "10.0.0.0", true],
    ["10.0.0.0/8", "10.255.255.255", true],
    ["10.0.0.0/8", "11.0.0.0", false],
    ["10.0.0.0/8", "9.255.255.255", false],
    ["192.0.2.7/32", "192.0.2.7", true],
    ["192.0.2.7/32", "192.0.2.8", false],
    ["0.0.0.0/0", "203.0.113.9", true],
    ["0.0.0.0/0", "2001:db8::1", false],
    ["2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true],
    ["2001:db8::/32", "2001:db9::", false],
    ["2001:db8::1/128", "2001:DB8::1", true],
    ["2001:db8::1/128", "2001:db8::2", false],
    ["::/0", "2001:db8::1", true],
    ["::/0", "10.0.0.1", false],
    // An IPv4-mapped IPv6 address is the IPv4 address it maps, either way round.
    ["10.0.0.0/8", "::ffff:10.1.2.3", true],
    ["::ffff:10.0.0.0/104", "10.1.2.3", true],
    ["::ffff:10.0.0.0/104", "11.1.2.3", false],
    // CloudTrail puts AWS service names and "AWS Internal" where an address would be: in no network.
    ["0.0.0.0/0", "bedrock.amazonaws.com", false],
    ["0.0.0.0/0", "AWS Internal", false],
  ])("%s holds %s: %s", (network, ip, expected) => {
    expect(covers(cidr(network), { sourceIp: ip })).toBe(expected);
  });

  it("refuses malformed networks, naming the value", () => {
    for (const value of [
      "10.0.0.0",
      "10.0.0.0/33",
      "2001:db8::/129",
      "10.0.0/8",
      "010.0.0.0/8",
      "10.0.0.0/-1",
      "x/8",
      "1/8",
    ]) {
      const parsed = conditionSchema.safeParse({ field: "sourceIp", operator: "cidr", values: [value] });
      expect(parsed.success, value).toBe(false);
      expect(parsed.error?.issues[0]?.path, value).toEqual(["values", 0]);
    }
  });

  it("matches the same addresses as a byte-wise comparison, for any IPv4 network", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV4(), (network, bits, ip) => {
        const toNumber = (text: string) => text.split(".").reduce((n, part) => n * 256 + Number(part), 0);
        const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
        const expected = (toNumber(network) & mask) >>> 0 === (toNumber(ip) & mask) >>> 0;
        expect(covers(cidr(`${network}/${bits}`), { sourceIp: ip })).toBe(expected);
      }),
    );
  });
});

describe("source IP equals", () => {
  const equals = (value: string) => suppression([{ field: "sourceIp", operator: "equals", values: [value] }]);
  it("treats another spelling of an address as the same address", () => {
    expect(covers(equals("2001:DB8:0:0::1"), { sourceIp: "2001:db8::1" })).toBe(true);
    expect(covers(equals("10.1.2.3"), { sourceIp: "::ffff:10.1.2.3" })).toBe(true);
    expect(covers(equals("10.1.2.3"), { sourceIp: "10.1.2.4" })).toBe(false);
  });
  it("compares AWS service names without regard to case", () => {
    expect(covers(equals("bedrock.amazonaws.com"), { sourceIp: "Bedrock.AmazonAWS.com" })).toBe(true);
    expect(covers(equals("bedrock.amazonaws.com"), { sourceIp: "sagemaker.amazonaws.com" })).toBe(false);
  });
});

describe("globs and case", () => {
  const arnGlob = (value: string) => suppression([{ field: "principalArn", operator: "glob", values: [value] }]);
  it("lets * cross slashes in an ARN path, and ? stand for one character", () => {
    const glob = arnGlob("arn:aws:iam::123456789012:user/ci-*");
    expect(covers(glob)).toBe(true);
    expect(covers(glob, { principalArn: "arn:aws:iam::123456789012:user/ci-/team/bot" })).toBe(true);
    expect(covers(glob, { principalArn: "arn:aws:iam::123456789012:user/cd-bot" })).toBe(false);
    expect(covers(arnGlob("arn:aws:iam::123456789012:user/ci-bo?"))).toBe(true);
    expect(covers(arnGlob("arn:aws:iam::*:user/{ci,cd}-bot"))).toBe(true);
  });
  it("keeps ARNs case-sensitive, as AWS does", () => {
    expect(covers(arnGlob("arn:aws:iam::123456789012:user/CI-*"))).toBe(false);
    const equals = suppression([
      { field: "principalArn", operator: "equals", values: ["arn:aws:iam::123456789012:user/CI-bot"] },
    ]);
    expect(covers(equals)).toBe(false);
  });
  it("matches user agents without regard to case", () => {
    expect(covers(suppression([{ field: "userAgent", operator: "contains", values: ["boto3/"] }]))).toBe(true);
    expect(covers(suppression([{ field: "userAgent", operator: "glob", values: ["BOTO3/*"] }]))).toBe(true);
    expect(covers(suppression([{ field: "userAgent", operator: "contains", values: ["aws-cli"] }]))).toBe(false);
  });
  it("never covers an event that lacks the field", () => {
    const key = suppression([{ field: "accessKeyId", operator: "equals", values: ["AKIAIOSFODNN7EXAMPLE"] }]);
    expect(covers(key, { accessKeyId: null })).toBe(false);
  });
  it("refuses an unclosed bracket", () => {
    const parsed = conditionSchema.safeParse({ field: "principalArn", operator: "glob", values: ["arn:[abc"] });
    expect(parsed.success).toBe(false);
  });
});

describe("conditions together", () => {
  it("holds when every condition does, each by any of its values", () => {
    const both = suppression([
      { field: "eventName", operator: "equals", values: ["ListModels", "ListFoundationModels"] },
      { field: "awsRegion", operator: "equals", values: ["us-east-1"] },
    ]);
    expect(covers(both)).toBe(true);
    expect(covers(both, { awsRegion: "eu-west-1" })).toBe(false);
    expect(describeConditions(both.conditions)).toBe(
      "event name is ListModels or ListFoundationModels and region is us-east-1",
    );
  });
  it("refuses what would cover every event, but not a wildcard narrowed by another condition", () => {
    expect(conditionsProblem([{ field: "principalArn", operator: "glob", values: ["**"] }])).toMatch(/every event/);
    expect(
      conditionsProblem([
        { field: "principalArn", operator: "glob", values: ["*"] },
        { field: "sourceIp", operator: "cidr", values: ["::/0", "0.0.0.0/0"] },
      ]),
    ).toMatch(/every event/);
    expect(
      conditionsProblem([
        { field: "principalArn", operator: "glob", values: ["*"] },
        { field: "accountId", operator: "equals", values: ["123456789012"] },
      ]),
    ).toBeNull();
  });
});

describe("window and scope", () => {
  const expiresAt = new Date("2026-05-01T12:00:00Z");
  const windowed = suppression([{ field: "awsRegion", operator: "equals", values: ["us-east-1"] }], {
    startsAt: new Date("2026-05-01T11:00:00Z"),
    expiresAt,
  });
  it("covers an event at expiresAt − 1 s, not one at expiresAt; from startsAt inclusive", () => {
    expect(covers(windowed, { time: new Date(expiresAt.getTime() - 1000) })).toBe(true);
    expect(covers(windowed, { time: expiresAt })).toBe(false);
    expect(covers(windowed, { time: new Date("2026-05-01T11:00:00Z") })).toBe(true);
    expect(covers(windowed, { time: new Date("2026-05-01T10:59:59Z") })).toBe(false);
  });
  it("covers only the rules in its scope", () => {
    const scoped = suppression([{ field: "awsRegion", operator: "equals", values: ["us-east-1"] }], {
      allRules: false,
      ruleIds: ["other-rule"],
    });
    expect(covers(scoped)).toBe(false);
    expect(covers(scoped, {}, "other-rule")).toBe(true);
  });
  it("says which tab a suppression is on, and when it needs an admin", () => {
    const now = new Date("2026-05-01T00:00:00Z");
    const day = 86_400_000;
    expect(stateOf({ enabled: true, expiresAt: new Date(now.getTime() + 8 * day) }, now)).toBe("active");
    expect(stateOf({ enabled: true, expiresAt: new Date(now.getTime() + 7 * day) }, now)).toBe("expiring");
    expect(stateOf({ enabled: true, expiresAt: now }, now)).toBe("expired");
    expect(stateOf({ enabled: false, expiresAt: new Date(now.getTime() + day) }, now)).toBe("disabled");
    // Measured from now, or from a later start: a start in the past reaches back over stored events only.
    expect(needsAdmin(new Date("2025-01-01"), new Date(now.getTime() + 30 * day), now)).toBe(false);
    expect(needsAdmin(now, new Date(now.getTime() + 90 * day), now)).toBe(false);
    expect(needsAdmin(now, new Date(now.getTime() + 90 * day + 1), now)).toBe(true);
  });
});
