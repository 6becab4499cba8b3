import { AppError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/auth/audit";
import { verifyDecoy, verifyPassword } from "@/lib/auth/passwords";
import { createSession, type SessionPolicy } from "@/lib/auth/sessions";
import { accountPolicy, afterFailure, ipPolicy, lockedForMs, type ThrottlePolicy } from "@/lib/auth/throttle";
import type { Db } from "@/lib/db/client";

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

async function recordFailure(db: Db, email: string, ip: string | null, now: Date): Promise<void> {
  for (const { key, policy } of throttleKeys(email, ip)) {
    const previous = await db.loginThrottle.findUnique({ where: { key } });
    const next = afterFailure(previous, now, policy);
    await db.loginThrottle.upsert({ where: { key }, create: { key, ...next }, update: next });
  }
}

/**
 * Checks the password and opens a session. Repeated failures lock the account (and, much later, the IP)
 * with a doubling delay; a locked attempt is refused before the password is even checked.
 */
export async function login(
  db: Db,
  request: LoginRequest,
): Promise<{ token: string; expiresAt: Date; userId: string }> {
  const now = request.now ?? new Date();
  const email = request.email.trim().toLowerCase();
  const throttles = await db.loginThrottle.findMany({
    where: { key: { in: throttleKeys(email, request.ip).map((entry) => entry.key) } },
  });
  const waitMs = Math.max(0, ...throttles.map((state) => lockedForMs(state, now)));
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
