import "server-only";
import type { Actor, UserActor } from "@/lib/auth/access";
import { apiTokenSelect, createApiToken, type NewApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { auditActorOf, recordAudit } from "@/lib/auth/audit";
import { deleteSession, deleteUserSessions } from "@/lib/auth/sessions";
import { createUser, type NewUser, publicUserSelect, type UserUpdate, updateUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { type PageQuery, toSkipTake } from "@/lib/page";
import type { SignalAssignee } from "@/lib/signals/types";

// Accounts, tokens and sessions as the routes need them: each change in one transaction with its audit
// entry (the rules themselves live in lib/auth, which knows nothing of requests). Routes call these, never
// Prisma directly.

export async function listUsers(page: PageQuery) {
  const db = getDb();
  const [data, total] = await Promise.all([
    db.user.findMany({ select: publicUserSelect, orderBy: { createdAt: "asc" }, ...toSkipTake(page) }),
    db.user.count(),
  ]);
  return { data, total, page: page.page, pageSize: page.pageSize };
}

/** An admin sets a temporary password; the user must replace it at first sign-in. */
export function addUser(options: { user: NewUser; actor: Actor; ip: string | null }) {
  return getDb().$transaction((tx) =>
    createUser(tx, {
      user: options.user,
      mustChangePassword: true,
      actor: auditActorOf(options.actor),
      ip: options.ip,
    }),
  );
}

export function changeUser(options: { id: string; update: UserUpdate; actor: Actor; ip: string | null }) {
  return getDb().$transaction((tx) =>
    updateUser(tx, { id: options.id, update: options.update, actor: auditActorOf(options.actor), ip: options.ip }),
  );
}

/** The people a signal can be assigned to: active analysts and admins, by name. */
export function listAssignableUsers(): Promise<SignalAssignee[]> {
  return getDb().user.findMany({
    where: { disabledAt: null, role: { in: ["analyst", "admin"] } },
    select: { id: true, name: true, email: true },
    orderBy: [{ name: "asc" }, { email: "asc" }],
  });
}

export async function listApiTokens(page: PageQuery) {
  const db = getDb();
  const [data, total] = await Promise.all([
    db.apiToken.findMany({ select: apiTokenSelect, orderBy: { createdAt: "desc" }, ...toSkipTake(page) }),
    db.apiToken.count(),
  ]);
  return { data, total, page: page.page, pageSize: page.pageSize };
}

/** The answer carries the token itself: the only time it is shown. */
export function addApiToken(options: { token: NewApiToken; actor: Actor; ip: string | null }) {
  const createdById = options.actor.kind === "user" ? options.actor.userId : null;
  return getDb().$transaction((tx) =>
    createApiToken(tx, { token: options.token, createdById, actor: auditActorOf(options.actor), ip: options.ip }),
  );
}

export function revokeToken(options: { id: string; actor: Actor; ip: string | null }) {
  return getDb().$transaction((tx) =>
    revokeApiToken(tx, { id: options.id, actor: auditActorOf(options.actor), ip: options.ip }),
  );
}

/** Ends the caller's own session. */
export async function signOut(actor: UserActor, ip: string | null): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await deleteSession(tx, actor.sessionId);
    await recordAudit(tx, { actor: { type: "user", id: actor.userId, label: actor.email }, action: "auth.logout", ip });
  });
}

/** Ends every session of the caller's account; returns how many. */
export function signOutEverywhere(actor: UserActor, ip: string | null): Promise<number> {
  return getDb().$transaction(async (tx) => {
    const count = await deleteUserSessions(tx, actor.userId);
    await recordAudit(tx, {
      actor: { type: "user", id: actor.userId, label: actor.email },
      action: "auth.logout_everywhere",
      ip,
      details: { sessionsEnded: count },
    });
    return count;
  });
}
