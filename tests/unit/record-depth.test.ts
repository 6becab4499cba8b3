import { describe, expect, it } from "vitest";
import { MAX_RECORD_DEPTH, nestsDeeperThan } from "@/lib/cloudtrail/depth";

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

describe("record depth", () => {
  it("counts a flat object as one level and stops at the limit", () => {
    expect(nestsDeeperThan({ a: 1 }, 1)).toBe(false);
    expect(nestsDeeperThan({ a: { b: 1 } }, 1)).toBe(true);
    expect(nestsDeeperThan(nested(MAX_RECORD_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_RECORD_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan("text")).toBe(false);
    expect(nestsDeeperThan(null)).toBe(false);
  });

  it("walks a million levels without overflowing the stack (it stops at the limit)", () => {
    expect(nestsDeeperThan(nested(1_000_000))).toBe(true);
  });

  it("looks at every branch, not only the first", () => {
    expect(nestsDeeperThan({ a: 1, b: [1, 2, { c: nested(MAX_RECORD_DEPTH) }] })).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: [1, 2, { c: nested(MAX_RECORD_DEPTH - 3) }] })).toBe(false);
  });
});
