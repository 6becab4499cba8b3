import { z } from "zod";
import type { TokenActor } from "@/lib/auth/access";
import { type AuditActor, recordAudit } from "@/lib/auth/audit";
import { API_TOKEN_PREFIX, newSecret, sha256, tokenDisplayPrefix } from "@/lib/auth/secrets";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { TokenScope } from "@/lib/generated/prisma/enums";

export const tokenScopeSchema = z.enum(TokenScope);

export const newApiTokenSchema = z.object({
  name: z.string().trim().min(1, "is required").max(100),
  scopes: z
    .array(tokenScopeSchema)
    .min(1, "choose at least one scope")
    .transform((scopes) => [...new Set(scopes)]),
  expiresInDays: z.number().int().min(1).max(3650).nullish(),
});
export type NewApiToken = z.infer<typeof newApiTokenSchema>;

export const apiTokenSelect = {
  id: true,
  name: true,
  tokenPrefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, email: true, name: true } },
} as const;

const TOUCH_EVERY_MS = 60_000;

/** Creates a token and returns it once; only its sha256 is kept. */
export async function createApiToken(
  db: Db,
  options: { token: NewApiToken; createdById: string | null; actor: AuditActor; ip?: string | null; now?: Date },
) {
  const now = options.now ?? new Date();
  const secret = newSecret(API_TOKEN_PREFIX);
  const { name, scopes, expiresInDays } = options.token;
  const created = await db.apiToken.create({
    data: {
      name,
      scopes,
      tokenHash: sha256(secret),
      tokenPrefix: tokenDisplayPrefix(secret),
      createdById: options.createdById,
      expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null,
    },
    select: apiTokenSelect,
  });
  await recordAudit(db, {
    actor: options.actor,
    action: "token.created",
    target: { type: "api_token", id: created.id },
    ip: options.ip,
    details: { name, scopes, expiresAt: created.expiresAt?.toISOString() ?? null },
  });
  return { ...created, token: secret };
}

export async function revokeApiToken(db: Db, options: { id: string; actor: AuditActor; ip?: string | null }) {
  const token = await db.apiToken.findUnique({ where: { id: options.id }, select: apiTokenSelect });
  if (!token) throw new AppError("NOT_FOUND", "No such API token.");
  if (token.revokedAt) return token;
  const revoked = await db.apiToken.update({
    where: { id: token.id },
    data: { revokedAt: new Date() },
    select: apiTokenSelect,
  });
  await recordAudit(db, {
    actor: options.actor,
    action: "token.revoked",
    target: { type: "api_token", id: token.id },
    ip: options.ip,
    details: { name: token.name },
  });
  return revoked;
}

/** The token's actor, or null when it is unknown, revoked or expired. Records when it was last used. */
export async function validateApiToken(db: Db, secret: string, now = new Date()): Promise<TokenActor | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
  const token = await db.apiToken.findUnique({ where: { tokenHash: sha256(secret) } });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.apiToken.updateMany({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return { kind: "token", tokenId: token.id, name: token.name, scopes: token.scopes };
}
