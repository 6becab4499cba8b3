// Login lockout with exponential backoff, as pure functions over a stored counter.
// The account counter resets on a successful login; the IP counter decays after a quiet hour.

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
  lastFailureAt: Date;
}

export interface ThrottlePolicy {
  /** Failures allowed before the first lock. */
  freeAttempts: number;
  baseLockMs: number;
  maxLockMs: number;
  /** A counter this long without a failure starts again from zero. */
  resetAfterMs: number;
}

export const accountPolicy: ThrottlePolicy = {
  freeAttempts: 5,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  resetAfterMs: 60 * 60_000,
};

export const ipPolicy: ThrottlePolicy = {
  freeAttempts: 30,
  baseLockMs: 60_000,
  maxLockMs: 60 * 60_000,
  resetAfterMs: 60 * 60_000,
};

export function lockedForMs(state: ThrottleState | null, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, state.lockedUntil.getTime() - now.getTime());
}

/**
 * The counter after one more attempt that may fail: locked for base × 2^(attempts beyond the free ones, counting
 * this one), capped. An attempt is counted before its password is checked (lib/auth/login.ts), so the one that
 * uses up the free attempts already carries the lock: concurrent attempts behind it find the account locked.
 */
export function afterFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const isStale = !state || now.getTime() - state.lastFailureAt.getTime() > policy.resetAfterMs;
  const failures = (isStale ? 0 : state.failures) + 1;
  const excess = failures - policy.freeAttempts;
  const lockedUntil =
    excess >= 0 ? new Date(now.getTime() + Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** excess)) : null;
  return { failures, lockedUntil, lastFailureAt: now };
}

/**
 * The counter after an attempt counted by `afterFailure` turned out right: that attempt is taken back, and so is
 * the lock it set (`lockSet`), unless a later attempt has set another since. The attempt was only let through
 * because no lock was in force, so there is no earlier lock to bring back.
 */
export function afterRefund(state: ThrottleState, lockSet: Date | null): ThrottleState {
  const isOwnLock = lockSet !== null && state.lockedUntil?.getTime() === lockSet.getTime();
  return { ...state, failures: Math.max(0, state.failures - 1), lockedUntil: isOwnLock ? null : state.lockedUntil };
}
