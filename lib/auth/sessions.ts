import type { UserActor } from "@/lib/auth/access";
import { newSecret, sha256 } from "@/lib/auth/secrets";
import type { Db } from "@/lib/db/client";

export const SESSION_COOKIE = "tt_session";

export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

/** lastSeenAt is written at most this often, so reading pages does not turn into a write per request. */
const TOUCH_EVERY_MS = 60_000;

export async function createSession(
  db: Db,
  options: { userId: string; ip?: string | null; userAgent?: string | null; policy: SessionPolicy; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + options.policy.maxMs);
  await db.session.create({
    data: {
      tokenHash: sha256(token),
      userId: options.userId,
      ip: options.ip ?? null,
      userAgent: options.userAgent?.slice(0, 500) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    },
  });
  return { token, expiresAt };
}

/** The signed-in user for a cookie value, or null when the session is unknown, expired, idle or disabled. */
export async function validateSession(
  db: Db,
  options: { token: string; policy: SessionPolicy; now?: Date },
): Promise<UserActor | null> {
  const now = options.now ?? new Date();
  const session = await db.session.findUnique({
    where: { tokenHash: sha256(options.token) },
    include: {
      user: { select: { id: true, email: true, name: true, role: true, disabledAt: true, mustChangePassword: true } },
    },
  });
  if (!session) return null;
  const isIdle = now.getTime() - session.lastSeenAt.getTime() > options.policy.idleMs;
  if (session.expiresAt <= now || isIdle || session.user.disabledAt) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  const { user } = session;
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sessionId: session.id,
    mustChangePassword: user.mustChangePassword,
  };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId } });
  return count;
}
