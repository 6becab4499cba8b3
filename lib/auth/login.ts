import { AppError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/auth/audit";
import { verifyDecoy, verifyPassword } from "@/lib/auth/passwords";
import { createSession, type SessionPolicy } from "@/lib/auth/sessions";
import {
  accountPolicy,
  afterFailure,
  ipPolicy,
  lockedForMs,
  type ThrottlePolicy,
  type ThrottleState,
} from "@/lib/auth/throttle";
import type { PrismaClient } from "@/lib/generated/prisma/client";

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

/** One more failure on each counter; row locks keep concurrent failures from overwriting each other's counts. */
async function recordFailure(db: PrismaClient, email: string, ip: string | null, now: Date): Promise<void> {
  for (const { key, policy } of throttleKeys(email, ip)) {
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO login_throttles (key, failures, last_failure_at) VALUES (${key}, 0, ${now}) ON CONFLICT (key) DO NOTHING`;
      const [current] = await tx.$queryRaw<ThrottleState[]>`
        SELECT failures, locked_until AS "lockedUntil", last_failure_at AS "lastFailureAt"
          FROM login_throttles WHERE key = ${key} FOR UPDATE`;
      // A fresh row (failures 0) counts as no history, so its placeholder time does not matter.
      const previous = current && current.failures > 0 ? current : null;
      await tx.loginThrottle.update({ where: { key }, data: afterFailure(previous, now, policy) });
    });
  }
}

/**
 * Checks the password and opens a session. Repeated failures lock the account (and, much later, the IP)
 * with a doubling delay; a locked attempt is refused before the password is even checked.
 */
export async function login(
  db: PrismaClient,
  request: LoginRequest,
): Promise<{ token: string; expiresAt: Date; userId: string }> {
  const now = request.now ?? new Date();
  const email = request.email.trim().toLowerCase();
  const throttles = await db.loginThrottle.findMany({
    where: { key: { in: throttleKeys(email, request.ip).map((entry) => entry.key) } },
  });
  const waitMs = Math.max(0, ...throttles.map((state: ThrottleState) => lockedForMs(state, now)));
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
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
    await recordFailure(db, email, request.ip, now);
    const reason = !user ? "unknown_email" : !isValid ? "wrong_password" : "disabled";
    await recordAudit(db, {
      actor: user ? { type: "user", id: user.id, label: user.email } : { type: "anonymous", label: email },
      action: "auth.login.failed",
      ip: request.ip,
      details: { email, reason },
    });
    throw new AppError("UNAUTHORIZED", isValid && user?.disabledAt ? "This account is disabled." : INCORRECT);
  }

  await db.loginThrottle.deleteMany({ where: { key: `account:${email}` } });
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
