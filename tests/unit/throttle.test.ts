import { describe, expect, it } from "vitest";
import { accountPolicy, afterFailure, lockedForMs, type ThrottleState } from "@/lib/auth/throttle";

const start = new Date("2026-01-01T00:00:00Z");
const later = (ms: number) => new Date(start.getTime() + ms);

function failTimes(count: number, at = start): ThrottleState | null {
  let state: ThrottleState | null = null;
  for (let i = 0; i < count; i++) state = afterFailure(state, at, accountPolicy);
  return state;
}

describe("login throttle", () => {
  it("allows the free attempts without a lock", () => {
    expect(lockedForMs(failTimes(accountPolicy.freeAttempts), start)).toBe(0);
  });

  it("locks after the free attempts and doubles the lock with each further failure", () => {
    const locks = [1, 2, 3, 4].map((extra) => lockedForMs(failTimes(accountPolicy.freeAttempts + extra), start));
    expect(locks).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it("never locks for longer than the cap", () => {
    expect(lockedForMs(failTimes(accountPolicy.freeAttempts + 40), start)).toBe(accountPolicy.maxLockMs);
  });

  it("ends the lock when its time is up", () => {
    const state = failTimes(accountPolicy.freeAttempts + 1);
    expect(lockedForMs(state, later(29_999))).toBe(1);
    expect(lockedForMs(state, later(30_000))).toBe(0);
  });

  it("forgets old failures after a quiet period", () => {
    const state = failTimes(accountPolicy.freeAttempts);
    const next = afterFailure(state, later(accountPolicy.resetAfterMs + 1), accountPolicy);
    expect(next.failures).toBe(1);
    expect(next.lockedUntil).toBeNull();
  });
});
