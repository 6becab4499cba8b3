import type { Actor } from "@/lib/auth/access";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

// The audit log is append-only (database triggers refuse UPDATE and DELETE). Every audited change
// writes its row in the same transaction as the change itself.

export const auditActions = [
  "auth.setup",
  "auth.login.succeeded",
  "auth.login.failed",
  "auth.logout",
  "auth.logout_everywhere",
  "user.created",
  "user.updated",
  "user.password_changed",
  "token.created",
  "token.revoked",
  "upload.created",
  "rule.updated",
  "suppression.created",
  "suppression.updated",
  "suppression.enabled",
  "suppression.disabled",
  "suppression.deleted",
  "suppression.imported",
] as const;

export type AuditAction = (typeof auditActions)[number];

export interface AuditActor {
  type: "user" | "token" | "system" | "anonymous";
  id?: string | null;
  label?: string | null;
}

export const systemActor = (label: string): AuditActor => ({ type: "system", label });

export function auditActorOf(actor: Actor | null): AuditActor {
  if (!actor) return { type: "anonymous" };
  return actor.kind === "user"
    ? { type: "user", id: actor.userId, label: actor.email }
    : { type: "token", id: actor.tokenId, label: actor.name };
}

export interface AuditEntry {
  actor: AuditActor;
  action: AuditAction;
  target?: { type: string; id: string };
  ip?: string | null;
  details?: Prisma.InputJsonObject;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      actorLabel: entry.actor.label ?? null,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      ip: entry.ip ?? null,
      details: entry.details ?? undefined,
    },
  });
}
