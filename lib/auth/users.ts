import { z } from "zod";
import { type AuditActor, recordAudit } from "@/lib/auth/audit";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from "@/lib/auth/passwords";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { type Role, Role as Roles } from "@/lib/generated/prisma/enums";

export const roleSchema = z.enum(Roles);
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must have at most ${MAX_PASSWORD_LENGTH} characters`);
export const emailSchema = z.email("must be an email address").transform((email) => email.trim().toLowerCase());

export const newUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "is required").max(200),
  role: roleSchema,
  password: passwordSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

export const userUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((update) => Object.keys(update).length > 0, "nothing to change");
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  mustChangePassword: true,
  createdAt: true,
} as const;

export async function createUser(
  db: Db,
  options: { user: NewUser; mustChangePassword: boolean; actor: AuditActor; ip?: string | null },
) {
  const { user } = options;
  const existing = await db.user.findUnique({ where: { email: user.email }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", `A user with the email ${user.email} already exists.`);
  const created = await db.user.create({
    data: {
      email: user.email,
      name: user.name,
      role: user.role,
      passwordHash: await hashPassword(user.password),
      mustChangePassword: options.mustChangePassword,
    },
    select: publicUserSelect,
  });
  await recordAudit(db, {
    actor: options.actor,
    action: "user.created",
    target: { type: "user", id: created.id },
    ip: options.ip,
    details: { email: created.email, role: created.role },
  });
  return created;
}

export async function updateUser(
  db: Db,
  options: { id: string; update: UserUpdate; actor: AuditActor & { id?: string | null }; ip?: string | null },
) {
  const before = await db.user.findUnique({ where: { id: options.id }, select: publicUserSelect });
  if (!before) throw new AppError("NOT_FOUND", "No such user.");
  const { update } = options;
  if (options.actor.id === before.id && (update.disabled || (update.role && update.role !== before.role))) {
    throw new AppError("INVALID_INPUT", "You cannot change your own role or disable yourself; ask another admin.");
  }
  const losesAdmin = before.role === "admin" && ((update.role && update.role !== "admin") || update.disabled);
  if (losesAdmin) {
    const admins = await db.user.count({ where: { role: "admin", disabledAt: null } });
    if (admins <= 1) throw new AppError("INVALID_INPUT", "This is the last active admin; make another admin first.");
  }
  const disabledAt = update.disabled === undefined ? undefined : update.disabled ? new Date() : null;
  const after = await db.user.update({
    where: { id: options.id },
    data: { name: update.name, role: update.role as Role | undefined, disabledAt },
    select: publicUserSelect,
  });
  if (update.disabled) await db.session.deleteMany({ where: { userId: options.id } });
  const changes: Record<string, { from: string | boolean; to: string | boolean }> = {};
  if (update.name !== undefined && update.name !== before.name) changes.name = { from: before.name, to: after.name };
  if (update.role && update.role !== before.role) changes.role = { from: before.role, to: after.role };
  if (update.disabled !== undefined && update.disabled !== Boolean(before.disabledAt)) {
    changes.disabled = { from: Boolean(before.disabledAt), to: update.disabled };
  }
  await recordAudit(db, {
    actor: options.actor,
    action: "user.updated",
    target: { type: "user", id: after.id },
    ip: options.ip,
    details: { email: after.email, changes },
  });
  return after;
}

export async function changePassword(
  db: Db,
  options: { userId: string; currentPassword: string; newPassword: string; keepSessionId: string; ip?: string | null },
) {
  const user = await db.user.findUnique({ where: { id: options.userId } });
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, options.currentPassword))) {
    throw new AppError("INVALID_INPUT", "The current password is not correct.");
  }
  if (options.currentPassword === options.newPassword) {
    throw new AppError("INVALID_INPUT", "The new password must differ from the current one.");
  }
  await db.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(options.newPassword), mustChangePassword: false },
  });
  // Anyone else holding a session of this account is signed out.
  const { count } = await db.session.deleteMany({ where: { userId: user.id, id: { not: options.keepSessionId } } });
  await recordAudit(db, {
    actor: { type: "user", id: user.id, label: user.email },
    action: "user.password_changed",
    target: { type: "user", id: user.id },
    ip: options.ip,
    details: { otherSessionsEnded: count },
  });
}
