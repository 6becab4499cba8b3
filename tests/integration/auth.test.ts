import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiToken, revokeApiToken, validateApiToken } from "@/lib/auth/api-tokens";
import { systemActor } from "@/lib/auth/audit";
import { login } from "@/lib/auth/login";
import { createSession, validateSession } from "@/lib/auth/sessions";
import { accountPolicy, ipPolicy } from "@/lib/auth/throttle";
import { changePassword, updateUser } from "@/lib/auth/users";
import { createPrismaClient } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createMigratedDatabase, type TestDatabase } from "@/tests/support/databases";
import { makeUser, TEST_PASSWORD, uniqueEmail } from "@/tests/support/factories";

// Every password check login makes, counted: the lockout must decide before checking (issue 15, finding 2).
const passwordChecks = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/auth/passwords", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/passwords")>();
  return {
    ...original,
    verifyPassword: (...args: Parameters<typeof original.verifyPassword>) => {
      passwordChecks.count++;
      return original.verifyPassword(...args);
    },
    verifyDecoy: (...args: Parameters<typeof original.verifyDecoy>) => {
      passwordChecks.count++;
      return original.verifyDecoy(...args);
    },
  };
});

const policy = { idleMs: 60 * 60_000, maxMs: 24 * 3_600_000 };

let database: TestDatabase;
let db: PrismaClient;
beforeAll(async () => {
  database = await createMigratedDatabase();
  db = createPrismaClient(database.url);
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("login", () => {
  it("signs in with the right password, case-insensitively on the email", async () => {
    const user = await makeUser(db);
    const session = await login(db, {
      email: user.email.toUpperCase(),
      password: TEST_PASSWORD,
      ip: "10.0.0.1",
      userAgent: "t",
      policy,
    });
    expect(session.userId).toBe(user.id);
    expect(await validateSession(db, { token: session.token, policy })).toMatchObject({
      userId: user.id,
      role: "viewer",
    });
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    const user = await makeUser(db);
    const unknown = await rejection(
      login(db, { email: uniqueEmail(), password: "x", ip: "10.0.0.2", userAgent: null, policy }),
    );
    const wrong = await rejection(
      login(db, { email: user.email, password: "x", ip: "10.0.0.2", userAgent: null, policy }),
    );
    expect([unknown.code, unknown.message]).toEqual(["UNAUTHORIZED", "The email or password is incorrect."]);
    expect([wrong.code, wrong.message]).toEqual([unknown.code, unknown.message]);
  });

  it("locks an account after repeated failures, even against the right password, then lets it in", async () => {
    const user = await makeUser(db);
    const at = new Date("2026-03-01T10:00:00Z");
    const attempt = (password: string, now: Date) =>
      login(db, { email: user.email, password, ip: null, userAgent: null, policy, now });
    for (let i = 0; i < accountPolicy.freeAttempts; i++) {
      expect((await rejection(attempt("wrong password", at))).code).toBe("UNAUTHORIZED");
    }
    const locked = await rejection(attempt(TEST_PASSWORD, new Date(at.getTime() + 1000)));
    expect(locked.code).toBe("RATE_LIMITED");
    expect(locked.options.retryAfterSeconds).toBe(29);
    expect(locked.message).toMatch(/Try again in 29 seconds/);

    const afterLock = new Date(at.getTime() + accountPolicy.baseLockMs + 1);
    expect((await attempt(TEST_PASSWORD, afterLock)).userId).toBe(user.id);
    // Success resets the account's counter: one new failure does not lock again.
    expect((await rejection(attempt("wrong password", afterLock))).code).toBe("UNAUTHORIZED");
    expect((await attempt(TEST_PASSWORD, afterLock)).userId).toBe(user.id);
  });

  it("counts every failure of a burst of parallel attempts, so a burst cannot slip under the lock", async () => {
    const user = await makeUser(db);
    const now = new Date("2026-03-03T10:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        rejection(login(db, { email: user.email, password: `guess ${i}`, ip: null, userAgent: null, policy, now })),
      ),
    );
    const wrong = results.filter((error) => error.code === "UNAUTHORIZED").length;
    const counter = await db.loginThrottle.findUniqueOrThrow({ where: { key: `account:${user.email}` } });
    expect(counter.failures).toBe(wrong);
    expect(counter.lockedUntil?.getTime()).toBeGreaterThan(now.getTime());
  });

  it("checks at most 5 passwords of 50 concurrent attempts on one account (issue 15, finding 2)", async () => {
    const user = await makeUser(db);
    const checksBefore = passwordChecks.count;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        rejection(
          login(db, { email: user.email, password: `guess ${i}`, ip: `198.51.100.${i}`, userAgent: null, policy }),
        ),
      ),
    );
    expect(passwordChecks.count - checksBefore).toBe(accountPolicy.freeAttempts);
    expect(results.filter((error) => error.code === "UNAUTHORIZED")).toHaveLength(accountPolicy.freeAttempts);
    expect(results.filter((error) => error.code === "RATE_LIMITED")).toHaveLength(50 - accountPolicy.freeAttempts);
    // The right password is refused too while the lock lasts.
    const locked = await rejection(
      login(db, { email: user.email, password: TEST_PASSWORD, ip: null, userAgent: null, policy }),
    );
    expect(locked.code).toBe("RATE_LIMITED");
  });

  it("gives an IP its attempt back when the password is right, so colleagues behind one address are not locked", async () => {
    const ip = "192.0.2.90";
    const now = new Date("2026-03-05T10:00:00Z");
    const users = await Promise.all(Array.from({ length: ipPolicy.freeAttempts + 5 }, () => makeUser(db)));
    for (const user of users) {
      const session = await login(db, { email: user.email, password: TEST_PASSWORD, ip, userAgent: null, policy, now });
      expect(session.userId).toBe(user.id);
    }
    const counter = await db.loginThrottle.findUnique({ where: { key: `ip:${ip}` } });
    expect(counter?.failures ?? 0).toBe(0);
    expect(counter?.lockedUntil ?? null).toBeNull();
  });

  it("locks an IP that fails across many accounts", async () => {
    const ip = "192.0.2.77";
    const now = new Date("2026-03-02T10:00:00Z");
    for (let i = 0; i <= ipPolicy.freeAttempts; i++) {
      await rejection(login(db, { email: uniqueEmail("spray"), password: "guess", ip, userAgent: null, policy, now }));
    }
    const victim = await makeUser(db);
    const blocked = await rejection(
      login(db, { email: victim.email, password: TEST_PASSWORD, ip, userAgent: null, policy, now }),
    );
    expect(blocked.code).toBe("RATE_LIMITED");
    const elsewhere = await login(db, {
      email: victim.email,
      password: TEST_PASSWORD,
      ip: "192.0.2.78",
      userAgent: null,
      policy,
      now,
    });
    expect(elsewhere.userId).toBe(victim.id);
  });

  it("refuses a disabled account and ends its sessions", async () => {
    const admin = await makeUser(db, { role: "admin" });
    const user = await makeUser(db);
    const session = await createSession(db, { userId: user.id, policy });
    await updateUser(db, {
      id: user.id,
      update: { disabled: true },
      actor: { type: "user", id: admin.id, label: admin.email },
    });
    expect(await validateSession(db, { token: session.token, policy })).toBeNull();
    const refused = await rejection(
      login(db, { email: user.email, password: TEST_PASSWORD, ip: null, userAgent: null, policy }),
    );
    expect(refused.message).toBe("This account is disabled.");
  });
});

describe("sessions", () => {
  it("end after the idle time and after the absolute lifetime", async () => {
    const user = await makeUser(db);
    const t0 = new Date("2026-04-01T00:00:00Z");
    const idle = await createSession(db, { userId: user.id, policy, now: t0 });
    expect(
      await validateSession(db, { token: idle.token, policy, now: new Date(t0.getTime() + policy.idleMs + 1) }),
    ).toBeNull();

    const busy = await createSession(db, { userId: user.id, policy, now: t0 });
    // Used every 30 minutes it never goes idle, but it still ends at the absolute expiry.
    let now = t0;
    while (now.getTime() + 30 * 60_000 < t0.getTime() + policy.maxMs) {
      now = new Date(now.getTime() + 30 * 60_000);
      expect(await validateSession(db, { token: busy.token, policy, now })).not.toBeNull();
    }
    expect(
      await validateSession(db, { token: busy.token, policy, now: new Date(t0.getTime() + policy.maxMs) }),
    ).toBeNull();
  });

  it("changing the password ends every other session of the account", async () => {
    const user = await makeUser(db);
    const current = await createSession(db, { userId: user.id, policy });
    const other = await createSession(db, { userId: user.id, policy });
    const me = await validateSession(db, { token: current.token, policy });
    await changePassword(db, {
      userId: user.id,
      currentPassword: TEST_PASSWORD,
      newPassword: "another long password",
      keepSessionId: me?.sessionId ?? "",
    });
    expect(await validateSession(db, { token: current.token, policy })).not.toBeNull();
    expect(await validateSession(db, { token: other.token, policy })).toBeNull();
  });
});

describe("API tokens", () => {
  it("are stored hashed, work until revoked, and record when they were last used", async () => {
    const created = await createApiToken(db, {
      token: { name: "shipper", scopes: ["ingest"], expiresInDays: null },
      createdById: null,
      actor: systemActor("test"),
    });
    expect(created.token).toMatch(/^tt_[A-Za-z0-9_-]{43}$/);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.tokenHash).not.toContain(created.token);
    expect(JSON.stringify(stored)).not.toContain(created.token);

    expect(await validateApiToken(db, created.token)).toMatchObject({ kind: "token", scopes: ["ingest"] });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).toBeInstanceOf(Date);

    await revokeApiToken(db, { id: created.id, actor: systemActor("test") });
    expect(await validateApiToken(db, created.token)).toBeNull();
  });

  it("stop working when they expire", async () => {
    const created = await createApiToken(db, {
      token: { name: "short", scopes: ["read"], expiresInDays: 1 },
      createdById: null,
      actor: systemActor("test"),
    });
    expect(await validateApiToken(db, created.token, new Date(Date.now() + 23 * 3_600_000))).not.toBeNull();
    expect(await validateApiToken(db, created.token, new Date(Date.now() + 25 * 3_600_000))).toBeNull();
  });
});

describe("admin safeguards", () => {
  it("keeps at least one active admin", async () => {
    const solo = await createMigratedDatabase();
    const soloDb = createPrismaClient(solo.url);
    try {
      const admin = await makeUser(soloDb, { role: "admin" });
      const other = await makeUser(soloDb, { role: "admin" });
      await updateUser(soloDb, { id: other.id, update: { role: "analyst" }, actor: { type: "user", id: admin.id } });
      const demoteLast = await rejection(
        updateUser(soloDb, { id: admin.id, update: { role: "viewer" }, actor: { type: "user", id: other.id } }),
      );
      expect(demoteLast.message).toMatch(/last active admin/);
      const self = await rejection(
        updateUser(soloDb, { id: admin.id, update: { disabled: true }, actor: { type: "user", id: admin.id } }),
      );
      expect(self.message).toMatch(/cannot change your own role or disable yourself/);
    } finally {
      await soloDb.$disconnect();
      await solo.drop();
    }
  });
});
