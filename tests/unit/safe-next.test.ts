import { describe, expect, it } from "vitest";
import { AFTER_SIGN_IN, safeNextPath } from "@/lib/auth/safe-next";

// Issue 15, finding 1: `/login?next=` must never send a signed-in user to another site. Every input below
// is what a browser or Next's router would otherwise read as an address elsewhere.

const hostile = [
  "/.//evil.example/pwn",
  "/..//evil.example/pwn",
  "/%2e//evil.example/pwn",
  "/%2E%2E//evil.example/pwn",
  "/./\\evil.example/pwn",
  "/\\evil.example",
  "/\\/evil.example",
  "//evil.example",
  "///evil.example",
  "/%2f/evil.example",
  "/%2F%2Fevil.example",
  "/%5cevil.example",
  "/%5C%5Cevil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/\u0000/evil.example",
  "https://evil.example",
  "http:/evil.example",
  "javascript:alert(1)",
  "evil.example",
  "./signals",
  "",
  "/././/evil.example",
  "/a/../..//evil.example",
  `/${"a".repeat(3000)}`,
];

const kept = [
  ["/signals", "/signals"],
  ["/signals?status=open&q=bedrock", "/signals?status=open&q=bedrock"],
  ["/investigate/ips/203.0.113.9", "/investigate/ips/203.0.113.9"],
  ["/events#top", "/events#top"],
  ["/./events", "/events"],
  ["/ /evil.example", "/%20/evil.example"],
  ["/a/../events", "/events"],
  [
    "/investigate/principals/arn%3Aaws%3Aiam%3A%3A123%3Auser%2Fci",
    "/investigate/principals/arn%3Aaws%3Aiam%3A%3A123%3Auser%2Fci",
  ],
] as const;

describe("the path after sign-in", () => {
  it.each(hostile)("refuses %j and goes to the Signals page", (input) => {
    expect(safeNextPath(input)).toBe(AFTER_SIGN_IN);
  });

  it.each(kept)("keeps the same-site path %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it("never returns anything that leaves the site, whatever the input", () => {
    const pieces = ["/", "//", "\\", ".", "..", "%2e", "%2f", "%5c", "\t", "\n", "evil.example", "a", "?", "#", ":"];
    for (let i = 0; i < 5000; i++) {
      let input = "/";
      for (let j = 0; j < 6; j++) input += pieces[(i * 7 + j * 13 + ((i >> j) & 5)) % pieces.length];
      const result = safeNextPath(input);
      expect(new URL(result, "https://app.example").origin, `${JSON.stringify(input)} → ${result}`).toBe(
        "https://app.example",
      );
      expect(result.startsWith("//") || result.startsWith("/\\")).toBe(false);
    }
  });
});
