import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJson } from "@/lib/api/json";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import type { AuditAction } from "@/lib/auth/audit";
import { login } from "@/lib/auth/login";
import { createSession, validateSession } from "@/lib/auth/sessions";
import { completeSetup, prepareFirstRun } from "@/lib/auth/setup";
import { changePassword, updateUser } from "@/lib/auth/users";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { connect, createMigratedDatabase, type TestDatabase } from "@/tests/support/databases";
import { makeUser, TEST_PASSWORD } from "@/tests/support/factories";

const policy = { idleMs: 3_600_000, maxMs: 86_400_000 };

let database: TestDatabase;
let db: PrismaClient;
let dataDir: string;
beforeAll(async () => {
  database = await createMigratedDatabase();
  db = createPrismaClient(database.url);
  dataDir = await mkdtemp(path.join(os.tmpdir(), "tt-audit-"));
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function entries(action: AuditAction, targetId?: string) {
  return db.auditLog.findMany({ where: { action, ...(targetId ? { targetId } : {}) } });
}

describe("first run", () => {
  it("prints a setup code that creates the first admin once, and only with the right code", async () => {
    const first = await prepareFirstRun(db, { dataDir });
    if (first.kind !== "setup-code") throw new Error(`expected a setup code, got ${first.kind}`);
    expect(first.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect((await readFile(first.file, "utf8")).trim()).toBe(first.code);

    const user = { email: "first@example.test", name: "First", password: TEST_PASSWORD };
    await expect(completeSetup(db, { code: "AAAA-BBBB-CCCC-DDDD", user, dataDir })).rejects.toThrow(
      /setup code is not correct/,
    );
    // The code is accepted however it is typed: lower case, without dashes.
    const admin = await completeSetup(db, { code: first.code.toLowerCase().replaceAll("-", ""), user, dataDir });
    expect(admin.role).toBe("admin");
    expect(existsSync(first.file)).toBe(false);
    await expect(
      completeSetup(db, { code: first.code, user: { ...user, email: "second@example.test" }, dataDir }),
    ).rejects.toThrow(/Setup is already done/);
    expect(await entries("auth.setup", admin.id)).toHaveLength(1);
    expect(await prepareFirstRun(db, { dataDir })).toEqual({ kind: "ready" });
  });

  it("creates the admin from ADMIN_EMAIL and ADMIN_PASSWORD instead, when given", async () => {
    const fresh = await createMigratedDatabase();
    const freshDb = createPrismaClient(fresh.url);
    try {
      const result = await prepareFirstRun(freshDb, {
        dataDir,
        admin: { email: "Ops@Example.test", password: TEST_PASSWORD, name: "Ops" },
      });
      expect(result).toEqual({ kind: "admin-created", email: "ops@example.test" });
      expect(await freshDb.user.findMany({ select: { email: true, role: true } })).toEqual([
        { email: "ops@example.test", role: "admin" },
      ]);
    } finally {
      await freshDb.$disconnect();
      await fresh.drop();
    }
  });
});

describe("audit log", () => {
  it("records each audited action with its actor", async () => {
    const admin = await makeUser(db, { role: "admin" });
    const adminActor = { type: "user" as const, id: admin.id, label: admin.email };
    const user = await makeUser(db);
    expect(await entries("user.created", user.id)).toHaveLength(1);

    await login(db, { email: user.email, password: TEST_PASSWORD, ip: "198.51.100.1", userAgent: "ua", policy });
    await login(db, { email: user.email, password: "wrong", ip: "198.51.100.1", userAgent: "ua", policy }).catch(
      () => null,
    );
    const logins = await db.auditLog.findMany({ where: { actorId: user.id, action: { startsWith: "auth.login" } } });
    expect(logins.map((row) => row.action).sort()).toEqual(["auth.login.failed", "auth.login.succeeded"]);
    expect(logins.every((row) => row.ip === "198.51.100.1")).toBe(true);

    await updateUser(db, { id: user.id, update: { role: "analyst" }, actor: adminActor });
    const [updated] = await entries("user.updated", user.id);
    expect(updated?.actorLabel).toBe(admin.email);
    expect(updated?.details).toEqual({ email: user.email, changes: { role: { from: "viewer", to: "analyst" } } });

    const session = await createSession(db, { userId: user.id, policy });
    const me = await validateSession(db, { token: session.token, policy });
    await changePassword(db, {
      userId: user.id,
      currentPassword: TEST_PASSWORD,
      newPassword: "a brand new password",
      keepSessionId: me?.sessionId ?? "",
    });
    expect(await entries("user.password_changed", user.id)).toHaveLength(1);

    const token = await createApiToken(db, {
      token: { name: "t", scopes: ["read"], expiresInDays: null },
      createdById: admin.id,
      actor: adminActor,
    });
    await revokeApiToken(db, { id: token.id, actor: adminActor });
    expect(await entries("token.created", token.id)).toHaveLength(1);
    expect(await entries("token.revoked", token.id)).toHaveLength(1);
    // The token itself never reaches the audit log.
    expect(toJson(await db.auditLog.findMany())).not.toContain(token.token);
  });

  it("is refused UPDATE, DELETE and TRUNCATE by the database itself, as is the signal history", async () => {
    await db.auditLog.create({ data: { actorType: "system", action: "auth.setup" } });
    const client = await connect(database.url);
    try {
      // Row triggers need a row to refuse: one signal with one history entry.
      await client.query(`
        INSERT INTO rules (id, name, description) VALUES ('r-audit', 'r', 'd');
        INSERT INTO rule_versions (id, rule_id, version, config) VALUES ('00000000-0000-0000-0000-0000000000a1', 'r-audit', 1, '{}');
        INSERT INTO signals (id, rule_id, rule_version_id, group_key, severity, title, message, first_seen, last_seen, event_count)
          VALUES ('00000000-0000-0000-0000-0000000000b1', 'r-audit', '00000000-0000-0000-0000-0000000000a1', 'k', 'medium', 't', 'm', now(), now(), 1);
        INSERT INTO signal_activity (signal_id, kind) VALUES ('00000000-0000-0000-0000-0000000000b1', 'created');
      `);
      for (const statement of [
        "UPDATE audit_log SET action = 'rewritten'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "UPDATE signal_activity SET kind = 'commented'",
        "DELETE FROM signal_activity",
        "TRUNCATE signal_activity CASCADE",
      ]) {
        await expect(client.query(statement), statement).rejects.toThrow(/is append-only/);
      }
      const { rows } = await client.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'rewritten'");
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
