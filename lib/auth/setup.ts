import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { recordAudit, systemActor } from "@/lib/auth/audit";
import { newSetupCode, normaliseSetupCode, safeEqual, sha256 } from "@/lib/auth/secrets";
import { createUser, type NewUser } from "@/lib/auth/users";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// First run: with no users, the server prints a one-time setup code; whoever has it (and so can read the
// server's log or DATA_DIR) creates the first admin. ADMIN_EMAIL/ADMIN_PASSWORD do the same unattended.

const SETUP_KEY = "setup_code";

export function setupCodeFile(dataDir: string): string {
  return path.join(dataDir, "setup-code");
}

export type FirstRun =
  | { kind: "ready" }
  | { kind: "admin-created"; email: string }
  | { kind: "setup-code"; code: string; file: string };

export async function prepareFirstRun(
  db: PrismaClient,
  options: { dataDir: string; admin?: { email: string; password: string; name: string } },
): Promise<FirstRun> {
  if ((await db.user.count()) > 0) {
    await db.appSetting.deleteMany({ where: { key: SETUP_KEY } });
    await rm(setupCodeFile(options.dataDir), { force: true });
    return { kind: "ready" };
  }
  if (options.admin) {
    const { email, password, name } = options.admin;
    const user = await db.$transaction((tx) =>
      createUser(tx, {
        user: { email: email.toLowerCase(), password, name, role: "admin" },
        mustChangePassword: false,
        actor: systemActor("ADMIN_EMAIL"),
      }),
    );
    await recordAudit(db, {
      actor: systemActor("ADMIN_EMAIL"),
      action: "auth.setup",
      target: { type: "user", id: user.id },
    });
    return { kind: "admin-created", email: user.email };
  }
  const code = newSetupCode();
  const value = { hash: sha256(normaliseSetupCode(code)), createdAt: new Date().toISOString() };
  await db.appSetting.upsert({ where: { key: SETUP_KEY }, create: { key: SETUP_KEY, value }, update: { value } });
  const file = setupCodeFile(options.dataDir);
  await writeFile(file, `${code}\n`, { mode: 0o600 });
  return { kind: "setup-code", code, file };
}

export async function isSetupNeeded(db: Db): Promise<boolean> {
  return (await db.user.count()) === 0;
}

/** Creates the first admin, once, for the holder of the setup code. */
export async function completeSetup(
  db: PrismaClient,
  options: { code: string; user: Omit<NewUser, "role">; dataDir: string; ip?: string | null },
) {
  const user = await db.$transaction(async (tx) => {
    // Serialises concurrent attempts: the second one finds a user and stops.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('trailtriage.setup'))`;
    if ((await tx.user.count()) > 0) throw new AppError("CONFLICT", "Setup is already done. Sign in instead.");
    const stored = await tx.appSetting.findUnique({ where: { key: SETUP_KEY } });
    const hash = (stored?.value as { hash?: string } | null)?.hash;
    if (!hash) throw new AppError("CONFLICT", "No setup code is active. Restart the server to print a new one.");
    if (!safeEqual(hash, sha256(normaliseSetupCode(options.code)))) {
      throw new AppError(
        "FORBIDDEN",
        "The setup code is not correct. It is in the server's log and in DATA_DIR/setup-code.",
      );
    }
    const created = await createUser(tx, {
      user: { ...options.user, role: "admin" },
      mustChangePassword: false,
      actor: { type: "anonymous", label: options.user.email },
      ip: options.ip,
    });
    await tx.appSetting.delete({ where: { key: SETUP_KEY } });
    await recordAudit(tx, {
      actor: { type: "user", id: created.id, label: created.email },
      action: "auth.setup",
      target: { type: "user", id: created.id },
      ip: options.ip,
    });
    return created;
  });
  await rm(setupCodeFile(options.dataDir), { force: true });
  return user;
}
