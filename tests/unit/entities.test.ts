import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layoutGraph, type NeighbourGroup, PER_SIDE } from "@/components/investigate/graph-layout";
import { entityHref, pathSegment } from "@/lib/detection/links";
import { decodeSegment } from "@/lib/entities/page-param";
import { assumedRolePrefix, recognise } from "@/lib/entities/recognise";
import { remediationFor, shellQuote, userNameOfArn } from "@/lib/entities/remediation";
import {
  BUCKETS,
  bucketCount,
  bucketStarts,
  chooseBucket,
  HOUR_MS,
  MAX_BUCKETS,
  splitRange,
  windowOf,
} from "@/lib/entities/time-range";

// The pure parts of the investigation views: ranges split into whole hours and edges, what the search box
// recognises, shell-safe remediation, the graph's layout, and the paths entities link to.

describe("time ranges", () => {
  const at = (iso: string) => new Date(iso);

  it("answers whole hours from the summaries and the part-hours at the ends from the events", () => {
    expect(splitRange(windowOf(at("2026-03-01T13:17:05Z"), at("2026-03-03T03:41:59Z")))).toEqual({
      hours: { start: at("2026-03-01T14:00:00Z"), end: at("2026-03-03T03:00:00Z") },
      edges: [
        { start: at("2026-03-01T13:17:05Z"), end: at("2026-03-01T14:00:00Z") },
        { start: at("2026-03-03T03:00:00Z"), end: at("2026-03-03T03:41:59.001Z") },
      ],
    });
    // On the hour at both ends: no edge. Inside one hour: only an edge.
    expect(splitRange(windowOf(at("2026-03-01T00:00:00Z"), at("2026-03-01T23:59:59.999Z")))).toEqual({
      hours: { start: at("2026-03-01T00:00:00Z"), end: at("2026-03-02T00:00:00Z") },
      edges: [],
    });
    expect(splitRange(windowOf(at("2026-03-01T10:05:00Z"), at("2026-03-01T10:55:00Z"))).hours).toBeNull();
  });

  it("covers every millisecond of a range exactly once (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * HOUR_MS }),
        fc.integer({ min: 0, max: 72 * HOUR_MS }),
        (start, span) => {
          const window = { start: new Date(start), end: new Date(start + span) };
          const parts = splitRange(window);
          const pieces = [...(parts.hours ? [parts.hours] : []), ...parts.edges]
            .map((w) => [w.start.getTime(), w.end.getTime()] as const)
            .sort((a, b) => a[0] - b[0]);
          const covered = pieces.reduce((sum, [a, b]) => sum + (b - a), 0);
          expect(covered).toBe(span);
          for (let i = 1; i < pieces.length; i++) expect(pieces[i]?.[0]).toBe(pieces[i - 1]?.[1]);
          if (parts.hours) {
            expect(parts.hours.start.getTime() % HOUR_MS).toBe(0);
            expect(parts.hours.end.getTime() % HOUR_MS).toBe(0);
          }
        },
      ),
    );
  });

  it("chooses a bucket that draws the range in at most 120 bars, aligned to UTC", () => {
    const day = windowOf(at("2026-03-01T00:00:00Z"), at("2026-03-01T23:59:59.999Z"));
    expect(chooseBucket(day)).toBe("15m");
    expect(bucketStarts(day, "1h")).toHaveLength(24);
    const month = windowOf(at("2026-02-01T00:00:00Z"), at("2026-03-02T23:59:59.999Z"));
    expect(chooseBucket(month)).toBe("6h");
    expect(bucketStarts(month, "1d")[0]).toBe(Date.parse("2026-02-01T00:00:00Z"));
    expect(bucketCount(month, "1m")).toBeGreaterThan(MAX_BUCKETS);
    expect(BUCKETS["7d"]).toBe(7 * 24 * HOUR_MS);
  });
});

describe("search recognition", () => {
  it.each([
    ["arn:aws:iam::123456789012:user/alice", "arn"],
    ["203.0.113.7", "ip"],
    ["2001:DB8::1", "ip"],
    ["bedrock.amazonaws.com", "ip"],
    ["AWS Internal", "ip"],
    ["AKIAIOSFODNN7EXAMPLE", "access_key"],
    ["ASIA****************", "access_key"],
    ["0b2f7b0e-3c4a-4d1e-9f1a-2b3c4d5e6f70", "event_id"],
    ["alice", "user_name"],
    ["build.bot@example.com", "user_name"],
    ["<script>alert(1)</script>", "none"],
    ["a\u0000b", "none"],
    ["   ", "none"],
    ["/.//evil.example", "none"],
    ["x".repeat(100_000), "none"],
  ])("%s is %s", (input, kind) => {
    expect(recognise(input).kind).toBe(kind);
  });

  it("finds a role's sessions from its ARN", () => {
    expect(assumedRolePrefix("arn:aws:iam::123456789012:role/path/Deploy")).toBe(
      "arn:aws:sts::123456789012:assumed-role/Deploy/",
    );
    expect(assumedRolePrefix("arn:aws:iam::123456789012:user/alice")).toBeNull();
  });
});

describe("remediation", () => {
  it("fills in a long-term key and its user, ready to copy", () => {
    const remediation = remediationFor({
      id: "AKIAIOSFODNN7EXAMPLE",
      credentialType: "long_term_key",
      principalArn: "arn:aws:iam::123456789012:user/ci/deploy-bot",
      userName: null,
      accountId: "123456789012",
    });
    expect(remediation.commands.map((c) => c.command)).toEqual([
      "aws iam update-access-key --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive --user-name deploy-bot # in account 123456789012",
      "aws iam list-access-keys --user-name deploy-bot # in account 123456789012",
      "aws iam get-access-key-last-used --access-key-id AKIAIOSFODNN7EXAMPLE",
    ]);
    expect(remediation.caveats).toEqual([]);
  });

  it("keeps hostile values from logs as single shell words, and flags them", () => {
    const remediation = remediationFor({
      id: "AKIA'; rm -rf ~; echo '",
      credentialType: "long_term_key",
      principalArn: null,
      userName: "bob$(curl evil.example)",
      accountId: "1\nrm -rf /",
    });
    const deactivate = remediation.commands[0]?.command ?? "";
    expect(deactivate).toBe(
      `aws iam update-access-key --access-key-id 'AKIA'\\''; rm -rf ~; echo '\\''' --status Inactive --user-name 'bob$(curl evil.example)'`,
    );
    expect(deactivate).not.toContain("\n");
    expect(remediation.caveats.join(" ")).toMatch(/not in AWS's format/);
    expect(remediation.caveats.join(" ")).toMatch(/not a valid IAM user name/);
    expect(shellQuote("plain-name_1")).toBe("plain-name_1");
    expect(userNameOfArn("arn:aws:iam::123456789012:root")).toBeNull();
  });

  it("revokes the role's sessions for a temporary key instead", () => {
    const remediation = remediationFor({
      id: "ASIAEXAMPLE000000001",
      credentialType: "temporary",
      principalArn: "arn:aws:sts::123456789012:assumed-role/Deploy/i-0abc",
      userName: null,
      accountId: "123456789012",
    });
    expect(remediation.commands[0]?.command).toMatch(
      /^aws iam put-role-policy --role-name Deploy --policy-name AWSRevokeOlderSessions --policy-document '\{.*aws:TokenIssueTime.*\}' # in account 123456789012$/,
    );
  });
});

describe("the relationship graph's layout", () => {
  const group = (kind: NeighbourGroup["kind"], n: number, total = n): NeighbourGroup => ({
    kind,
    title: kind,
    noun: kind,
    total,
    moreHref: `#${kind}`,
    items: Array.from({ length: n }, (_, i) => ({
      kind,
      value: `${kind}-${i}`,
      label: `${kind}-${i}`,
      count: 1000 - i,
      deniedCount: i % 3 === 0 ? 1000 - i : i % 3 === 1 ? 1 : 0,
      href: `/x/${i}`,
    })),
  });

  it("stays readable at 200 neighbours: the busiest of each side, the rest as one +N node", () => {
    const { nodes, edges } = layoutGraph([
      { side: "top", group: group("key", 60, 60) },
      { side: "left", group: group("ip", 100, 100) },
      { side: "right", group: group("service", 40, 40) },
    ]);
    expect(nodes).toHaveLength(1 + PER_SIDE.top + PER_SIDE.left + PER_SIDE.right);
    expect(nodes.filter((node) => node.more).map((node) => node.more?.count)).toEqual([
      60 - (PER_SIDE.top - 1),
      100 - (PER_SIDE.left - 1),
      40 - (PER_SIDE.right - 1),
    ]);
    // No two nodes overlap.
    const boxes = nodes.map((node) => [node.x - 100, node.y - 24, node.x + 100, node.y + 24] as const);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]] as const;
        const overlaps = a && b && a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        expect(overlaps, `${nodes[i]?.id} and ${nodes[j]?.id}`).toBeFalsy();
      }
    expect(edges.every((edge) => edge.width >= 1 && edge.width <= 6)).toBe(true);
    expect(new Set(edges.slice(0, 3).map((edge) => edge.colour)).size).toBe(3);
  });
});

describe("entity paths", () => {
  it("encodes a value as one path segment, safe in Markdown, and the page decodes it once", () => {
    const arn = "arn:aws:iam::1:user/a)b (c)!*'";
    const href = entityHref("principal", arn);
    expect(href).toBe("/investigate/principals/arn%3Aaws%3Aiam%3A%3A1%3Auser%2Fa%29b%20%28c%29%21%2A%27");
    expect(decodeSegment(href.split("/").pop() as string)).toBe(arn);
    expect(pathSegment("..")).toBe("%2E%2E");
    expect(decodeSegment("%E0%A4%A")).toBeNull();
    expect(decodeSegment("a%00b")).toBeNull();
    expect(decodeSegment("%20")).toBeNull();
  });
});
