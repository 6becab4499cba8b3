import { describe, expect, it } from "vitest";
import { accountPolicy, afterFailure, afterRefund, lockedForMs, type ThrottleState } from "@/lib/auth/throttle";

const start = new Date("2026-01-01T00:00:00Z");
const later = (ms: number) => new Date(start.getTime() + ms);

function failTimes(count: number, at = start): ThrottleState | null {
  let state: ThrottleState | null = null;
  for (let i = 0; i < count; i++) state = afterFailure(state, at, accountPolicy);
  return state;
}

describe("login throttle", () => {
  it("allows the attempts before the last free one without a lock", () => {
    expect(lockedForMs(failTimes(accountPolicy.freeAttempts - 1), start)).toBe(0);
  });

  it("locks after the free attempts (README: after 5 failures, 30 s) and doubles with each further one", () => {
    expect(accountPolicy.freeAttempts).toBe(5);
    const locks = [0, 1, 2, 3].map((extra) => lockedForMs(failTimes(accountPolicy.freeAttempts + extra), start));
    expect(locks).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it("never locks for longer than the cap", () => {
    expect(lockedForMs(failTimes(accountPolicy.freeAttempts + 40), start)).toBe(accountPolicy.maxLockMs);
  });

  it("ends the lock when its time is up", () => {
    const state = failTimes(accountPolicy.freeAttempts);
    expect(lockedForMs(state, later(29_999))).toBe(1);
    expect(lockedForMs(state, later(30_000))).toBe(0);
  });

  it("forgets old failures after a quiet period", () => {
    const state = failTimes(accountPolicy.freeAttempts);
    const next = afterFailure(state, later(accountPolicy.resetAfterMs + 1), accountPolicy);
    expect(next.failures).toBe(1);
    expect(next.lockedUntil).toBeNull();
  });

  it("takes back a right attempt and the lock it set, but not a lock set after it", () => {
    const before = failTimes(accountPolicy.freeAttempts - 1) as ThrottleState;
    const counted = afterFailure(before, start, accountPolicy);
    expect(lockedForMs(counted, start)).toBe(30_000);
    expect(afterRefund(counted, counted.lockedUntil)).toEqual({
      ...counted,
      failures: before.failures,
      lockedUntil: null,
    });
    const newer = afterFailure(counted, later(1), accountPolicy);
    expect(afterRefund(newer, counted.lockedUntil).lockedUntil).toEqual(newer.lockedUntil);
  });
});
