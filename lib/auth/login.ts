import { recordAudit } from "@/lib/auth/audit";
import { verifyDecoy, verifyPassword } from "@/lib/auth/passwords";
import { createSession, type SessionPolicy } from "@/lib/auth/sessions";
import {
  accountPolicy,
  afterFailure,
  afterRefund,
  ipPolicy,
  lockedForMs,
  type ThrottlePolicy,
  type ThrottleState,
} from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

const INCORRECT = "The email or password is incorrect.";

interface LoginRequest {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  policy: SessionPolicy;
  now?: Date;
}

function throttleKeys(email: string, ip: string | null): { key: string; policy: ThrottlePolicy }[] {
  const keys = [{ key: `account:${email}`, policy: accountPolicy }];
  if (ip) keys.push({ key: `ip:${ip}`, policy: ipPolicy });
  return keys;
}

/** One counter, locked for the rest of the transaction (every attempt on it waits here). */
async function lockThrottle(tx: Prisma.TransactionClient, key: string): Promise<ThrottleState | undefined> {
  const [current] = await tx.$queryRaw<ThrottleState[]>`
    SELECT failures, locked_until AS "lockedUntil", last_failure_at AS "lastFailureAt"
      FROM login_throttles WHERE key = ${key} FOR UPDATE`;
  return current;
}

/** The counters this attempt counts against, and the lock its counting set on each (if any). */
type Reservation = { key: string; lockSet: Date | null }[];

/**
 * Counts the attempt on each counter before its password is checked, deciding under the counters' row locks
 * in one transaction: concurrent attempts queue here, and every one behind the attempt that used up the free
 * ones finds the lock, so no burst gets more password checks than the lockout allows. The account's row is
 * locked before the IP's by every attempt, so two attempts never wait on each other in a circle. Returns the
 * wait when a lock is in force (nothing is counted then).
 */
async function reserveAttempt(
  db: PrismaClient,
  email: string,
  ip: string | null,
  now: Date,
): Promise<{ waitMs: number } | { reservation: Reservation }> {
  return db.$transaction(async (tx) => {
    const states: { key: string; policy: ThrottlePolicy; state: ThrottleState | null }[] = [];
    for (const { key, policy } of throttleKeys(email, ip)) {
      await tx.$executeRaw`INSERT INTO login_throttles (key, failures, last_failure_at) VALUES (${key}, 0, ${now}) ON CONFLICT (key) DO NOTHING`;
      const current = await lockThrottle(tx, key);
      // A fresh row (failures 0) counts as no history, so its placeholder time does not matter.
      states.push({ key, policy, state: current && current.failures > 0 ? current : null });
    }
    const waitMs = Math.max(0, ...states.map(({ state }) => lockedForMs(state, now)));
    if (waitMs > 0) return { waitMs };
    const reservation: Reservation = [];
    for (const { key, policy, state } of states) {
      const next = afterFailure(state, now, policy);
      await tx.loginThrottle.update({ where: { key }, data: next });
      reservation.push({ key, lockSet: next.lockedUntil });
    }
    return { reservation };
  });
}

/** A right password: the account's counter starts again; the IP's gets this attempt (and its lock) back. */
async function settleSuccess(db: PrismaClient, email: string, reservation: Reservation): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.loginThrottle.deleteMany({ where: { key: `account:${email}` } });
    for (const { key, lockSet } of reservation) {
      if (key.startsWith("account:")) continue;
      const current = await lockThrottle(tx, key);
      if (current) await tx.loginThrottle.update({ where: { key }, data: afterRefund(current, lockSet) });
    }
  });
}

/**
 * Checks the password and opens a session. Each attempt is counted before its password is checked, and
 * taken back when it is right; the attempt that uses up the free ones locks the account (and, much later, the
 * IP) with a doubling delay, and a locked attempt is refused without a password check.
 */
export async function login(
  db: PrismaClient,
  request: LoginRequest,
): Promise<{ token: string; expiresAt: Date; userId: string }> {
  const now = request.now ?? new Date();
  const email = request.email.trim().toLowerCase();
  const reserved = await reserveAttempt(db, email, request.ip, now);
  if ("waitMs" in reserved) {
    const seconds = Math.ceil(reserved.waitMs / 1000);
    await recordAudit(db, {
      actor: { type: "anonymous", label: email },
      action: "auth.login.failed",
      ip: request.ip,
      details: { email, reason: "locked", retryAfterSeconds: seconds },
    });
    throw new AppError("RATE_LIMITED", `Too many failed logins. Try again in ${seconds} seconds.`, {
      retryAfterSeconds: seconds,
    });
  }

  const user = await db.user.findUnique({ where: { email } });
  const isValid = user?.passwordHash ? await verifyPassword(user.passwordHash, request.password) : false;
  if (!user) await verifyDecoy(request.password);
  if (!user || !isValid || user.disabledAt) {
    const reason = !user ? "unknown_email" : !isValid ? "wrong_password" : "disabled";
    await recordAudit(db, {
      actor: user ? { type: "user", id: user.id, label: user.email } : { type: "anonymous", label: email },
      action: "auth.login.failed",
      ip: request.ip,
      details: { email, reason },
    });
    throw new AppError("UNAUTHORIZED", isValid && user?.disabledAt ? "This account is disabled." : INCORRECT);
  }

  await settleSuccess(db, email, reserved.reservation);
  const session = await createSession(db, {
    userId: user.id,
    ip: request.ip,
    userAgent: request.userAgent,
    policy: request.policy,
    now,
  });
  await recordAudit(db, {
    actor: { type: "user", id: user.id, label: user.email },
    action: "auth.login.succeeded",
    ip: request.ip,
    details: { userAgent: request.userAgent?.slice(0, 200) ?? null },
  });
  return { ...session, userId: user.id };
}
