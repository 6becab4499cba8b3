import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createMigratedDatabase, type TestDatabase } from "@/tests/support/databases";

// Issue 15, finding 4: a NUL byte in a JSON body reached PostgreSQL (which cannot store one) and came back
// as a 500. Through the real route handlers, on a real database: every such body gets a 400 that names the
// field, and nothing is written.

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ORIGIN = "http://localhost";
let database: TestDatabase;
let db: PrismaClient;
let cookie: string;
let signalId: string;
const routes = {} as Record<"login" | "comments" | "views" | "tokens" | "users" | "bulk", Handler>;

async function send(handler: Handler, url: string, method: string, body: unknown, params: Record<string, string> = {}) {
  const req = new NextRequest(new URL(url, ORIGIN), {
    method,
    headers: { cookie, origin: ORIGIN, host: "localhost", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = await handler(req, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  database = await createMigratedDatabase();
  vi.stubEnv("DATABASE_URL", database.url);
  vi.resetModules();
  const [client, sessions, factories, login, comments, views, tokens, users, bulk] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/auth/sessions"),
    import("@/tests/support/factories"),
    import("@/app/api/v1/auth/login/route"),
    import("@/app/api/v1/signals/[id]/comments/route"),
    import("@/app/api/v1/signals/views/route"),
    import("@/app/api/v1/tokens/route"),
    import("@/app/api/v1/users/route"),
    import("@/app/api/v1/signals/bulk/route"),
  ]);
  Object.assign(routes, {
    login: login.POST,
    comments: comments.POST,
    views: views.POST,
    tokens: tokens.POST,
    users: users.POST,
    bulk: bulk.POST,
  });
  db = client.getDb();
  const admin = await factories.makeUser(db, { role: "admin" });
  const session = await sessions.createSession(db, {
    userId: admin.id,
    policy: { idleMs: 3_600_000, maxMs: 86_400_000 },
  });
  cookie = `${sessions.SESSION_COOKIE}=${session.token}`;
  // The body is checked before the handler looks the signal up, so any id will do.
  signalId = randomUUID();
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("a NUL byte in a JSON body", () => {
  const cases: [string, keyof typeof routes, string, string, unknown, RegExp][] = [
    ["login email", "login", "/api/v1/auth/login", "POST", { email: "a\u0000@example.com", password: "x" }, /email/],
    ["a comment", "comments", "/api/v1/signals/ID/comments", "POST", { body: "looks\u0000fine" }, /body/],
    [
      "a saved view's name",
      "views",
      "/api/v1/signals/views",
      "POST",
      { name: "mine\u0000", query: "status=open" },
      /name/,
    ],
    ["a token's name", "tokens", "/api/v1/tokens", "POST", { name: "ci\u0000", scopes: ["read"] }, /name/],
    [
      "a user's name",
      "users",
      "/api/v1/users",
      "POST",
      { email: "new@example.com", name: "New\u0000User", role: "viewer", password: "a long enough password" },
      /name/,
    ],
    [
      "a bulk filter",
      "bulk",
      "/api/v1/signals/bulk",
      "POST",
      { filter: { principal: "arn\u0000" }, status: "under_review" },
      /filter\.principal/,
    ],
  ];

  it.each(cases)(
    "in %s is a 400 naming the field, and nothing is stored",
    async (_, route, url, method, body, field) => {
      const before = await Promise.all([
        db.signalActivity.count(),
        db.savedView.count(),
        db.apiToken.count(),
        db.user.count(),
      ]);
      const result = await send(routes[route], url.replace("ID", signalId), method, body, { id: signalId });
      expect(result.status, JSON.stringify(result.body)).toBe(400);
      expect(result.body.error.code).toBe("INVALID_INPUT");
      expect(result.body.error.message).toMatch(/must not contain a NUL byte/);
      expect(result.body.error.message).toMatch(field);
      const after = await Promise.all([
        db.signalActivity.count(),
        db.savedView.count(),
        db.apiToken.count(),
        db.user.count(),
      ]);
      expect(after).toEqual(before);
    },
  );

  it("in a body nested 100,000 levels is refused without a crash", async () => {
    const text = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    const req = new NextRequest(new URL("/api/v1/signals/views", ORIGIN), {
      method: "POST",
      headers: { cookie, origin: ORIGIN, host: "localhost" },
      body: text,
    });
    const response = await routes.views(req, { params: Promise.resolve({}) });
    expect(response.status).toBe(400);
  });
});
