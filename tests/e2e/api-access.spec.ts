import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, request, test } from "@playwright/test";
import { adminApi, adminStatePath, anonymousApi, createActiveUser, createToken, createUser, signIn } from "./support";
import { appUrl } from "./urls";

// The authorisation matrix: every API route, called as each kind of caller, answers the expected status.
// Routes are discovered from app/api, so a new route without a row here fails this test.

type Caller = "anonymous" | "viewer" | "analyst" | "admin" | "ingest" | "read" | "write";
const callers: Caller[] = ["anonymous", "viewer", "analyst", "admin", "ingest", "read", "write"];
const users: Caller[] = ["viewer", "analyst", "admin"];
const tokens: Caller[] = ["ingest", "read", "write"];

interface Row {
  allowed: Caller[];
  /** The status an allowed caller gets. Bodies are empty, so state changes stop at validation (400). */
  status: number;
  /** The call ends the caller's session: give each caller a fresh one. */
  endsSession?: boolean;
}

const everyone = callers;
const matrix: Record<string, Row> = {
  "GET /api/v1/health": { allowed: everyone, status: 200 },
  "GET /api/v1/auth/setup": { allowed: everyone, status: 200 },
  "POST /api/v1/auth/setup": { allowed: everyone, status: 400 },
  "POST /api/v1/auth/login": { allowed: everyone, status: 400 },
  "POST /api/v1/auth/logout": { allowed: users, status: 200, endsSession: true },
  "POST /api/v1/auth/logout-everywhere": { allowed: users, status: 200, endsSession: true },
  "GET /api/v1/me": { allowed: [...users, ...tokens], status: 200 },
  "POST /api/v1/me/password": { allowed: users, status: 400 },
  "GET /api/v1/users": { allowed: ["admin"], status: 200 },
  "POST /api/v1/users": { allowed: ["admin"], status: 400 },
  "PATCH /api/v1/users/[id]": { allowed: ["admin"], status: 400 },
  "GET /api/v1/users/assignable": { allowed: [...users, "read"], status: 200 },
  "GET /api/v1/tokens": { allowed: ["admin"], status: 200 },
  "POST /api/v1/tokens": { allowed: ["admin"], status: 400 },
  "DELETE /api/v1/tokens/[id]": { allowed: ["admin"], status: 404 },
  "GET /api/v1/audit": { allowed: ["admin"], status: 200 },
  "GET /api/v1/audit/export": { allowed: ["admin"], status: 200 },
  "GET /api/v1/uploads": { allowed: [...users, "ingest", "read"], status: 200 },
  "POST /api/v1/uploads": { allowed: ["analyst", "admin", "ingest"], status: 400 },
  "GET /api/v1/uploads/[id]": { allowed: [...users, "ingest", "read"], status: 404 },
  "GET /api/v1/events": { allowed: [...users, "read"], status: 200 },
  "GET /api/v1/events/[id]": { allowed: [...users, "read"], status: 404 },
  "GET /api/v1/events/export": { allowed: [...users, "read"], status: 200 },
  "GET /api/v1/signals": { allowed: [...users, "read"], status: 200 },
  "GET /api/v1/signals/export": { allowed: [...users, "read"], status: 200 },
  "GET /api/v1/signals/[id]": { allowed: [...users, "read"], status: 404 },
  "PATCH /api/v1/signals/[id]": { allowed: ["analyst", "admin", "write"], status: 400 },
  "GET /api/v1/signals/[id]/activity": { allowed: [...users, "read"], status: 404 },
  "POST /api/v1/signals/[id]/comments": { allowed: ["analyst", "admin", "write"], status: 400 },
  "POST /api/v1/signals/bulk": { allowed: ["analyst", "admin", "write"], status: 400 },
  "GET /api/v1/signals/[id]/related": { allowed: [...users, "read"], status: 404 },
  "GET /api/v1/signals/views": { allowed: users, status: 200 },
  "POST /api/v1/signals/views": { allowed: users, status: 400 },
  "PATCH /api/v1/signals/views/[viewId]": { allowed: users, status: 400 },
  "DELETE /api/v1/signals/views/[viewId]": { allowed: users, status: 404 },
  // A random UUID names no principal or key (404), and is no source address either (400).
  "GET /api/v1/principals/[arn]": { allowed: [...users, "read"], status: 404 },
  "GET /api/v1/principals/[arn]/timeline": { allowed: [...users, "read"], status: 404 },
  "GET /api/v1/ips/[ip]": { allowed: [...users, "read"], status: 400 },
  "GET /api/v1/ips/[ip]/timeline": { allowed: [...users, "read"], status: 400 },
  "GET /api/v1/keys/[id]": { allowed: [...users, "read"], status: 404 },
  "GET /api/v1/keys/[id]/timeline": { allowed: [...users, "read"], status: 404 },
  "GET /api/v1/investigate/search": { allowed: [...users, "read"], status: 400 },
  "GET /api/v1/investigate/top": { allowed: [...users, "read"], status: 200 },
  "GET /api/v1/rules": { allowed: [...users, "read"], status: 200 },
  "GET /api/v1/rules/[id]": { allowed: [...users, "read"], status: 404 },
  "PATCH /api/v1/rules/[id]": { allowed: ["admin"], status: 400 },
  "POST /api/v1/rules/[id]/preview": { allowed: ["admin"], status: 400 },
  "GET /api/v1/suppressions": { allowed: [...users, "read"], status: 200 },
  "POST /api/v1/suppressions": { allowed: ["analyst", "admin", "write"], status: 400 },
  "GET /api/v1/suppressions/[id]": { allowed: [...users, "read"], status: 404 },
  "PATCH /api/v1/suppressions/[id]": { allowed: ["analyst", "admin", "write"], status: 400 },
  "DELETE /api/v1/suppressions/[id]": { allowed: ["analyst", "admin", "write"], status: 404 },
  "GET /api/v1/suppressions/[id]/history": { allowed: [...users, "read"], status: 404 },
  "POST /api/v1/suppressions/preview": { allowed: ["analyst", "admin", "write"], status: 400 },
  "GET /api/v1/suppressions/export": { allowed: [...users, "read"], status: 200 },
  "POST /api/v1/suppressions/import": { allowed: ["analyst", "admin", "write"], status: 400 },
};

function discoverRoutes(): string[] {
  const root = path.join(process.cwd(), "app");
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const url = `/${path.relative(root, path.dirname(full)).split(path.sep).join("/")}`;
        const source = readFileSync(full, "utf8");
        for (const [, method] of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g))
          routes.push(`${method} ${url}`);
      }
    }
  };
  walk(path.join(root, "api"));
  return routes.sort();
}

test("every API route is in the authorisation matrix, and every row is a real route", () => {
  expect(discoverRoutes()).toEqual(Object.keys(matrix).sort());
});

test("every API route answers each kind of caller as the matrix says", async () => {
  test.setTimeout(120_000);
  const accounts = Object.fromEntries(
    await Promise.all(
      users.map(async (role) => [role, await createActiveUser(role as "viewer", `matrix-${role}`)] as const),
    ),
  );
  const issued = Object.fromEntries(
    await Promise.all(tokens.map(async (scope) => [scope, (await createToken([scope as "read"])).token] as const)),
  );
  const contexts = new Map<Caller, APIRequestContext>();
  async function contextFor(caller: Caller, fresh: boolean): Promise<APIRequestContext> {
    const existing = contexts.get(caller);
    if (existing && !fresh) return existing;
    await existing?.dispose();
    let context: APIRequestContext;
    if (caller === "anonymous") context = await anonymousApi();
    else if (tokens.includes(caller)) {
      context = await anonymousApi({ authorization: `Bearer ${issued[caller]}` });
    } else {
      const account = accounts[caller];
      context = await anonymousApi();
      await signIn(context, account?.email ?? "", account?.password ?? "");
    }
    contexts.set(caller, context);
    return context;
  }

  const failures: string[] = [];
  // Routes that end sessions go last, with fresh sessions, so they cannot disturb the others.
  const rows = Object.entries(matrix).sort(
    ([, a], [, b]) => Number(Boolean(a.endsSession)) - Number(Boolean(b.endsSession)),
  );
  for (const [route, row] of rows) {
    const [method, template] = route.split(" ") as [string, string];
    const url = template.replace(/\[[^\]]+\]/g, () => randomUUID());
    for (const caller of callers) {
      const context = await contextFor(caller, Boolean(row.endsSession));
      const expected = row.allowed.includes(caller) ? row.status : caller === "anonymous" ? 401 : 403;
      const response = await context.fetch(url, { method });
      if (response.status() !== expected)
        failures.push(`${route} as ${caller}: ${response.status()}, expected ${expected}`);
    }
  }
  await Promise.all([...contexts.values()].map((context) => context.dispose()));
  await Promise.all(Object.values(accounts).map((account) => account.api.dispose()));
  expect(failures).toEqual([]);
});

test("repeated wrong passwords lock the account, with Retry-After, even for the right password", async () => {
  const account = await createUser("viewer", "lockout");
  const api = await anonymousApi();
  // README: after 5 failures the account is locked; the sixth guess is refused without a password check.
  for (let attempt = 1; attempt <= 6; attempt++) {
    const wrong = await api.post("/api/v1/auth/login", {
      data: { email: account.email, password: `wrong ${attempt}` },
    });
    expect(wrong.status(), `attempt ${attempt}`).toBe(attempt <= 5 ? 401 : 429);
  }
  const locked = await api.post("/api/v1/auth/login", { data: { email: account.email, password: account.password } });
  expect(locked.status()).toBe(429);
  expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await locked.json()).error.message).toMatch(/^Too many failed logins\. Try again in \d+ seconds\.$/);
  await api.dispose();
});

test("a cookie-authenticated state change from another origin, or from no origin, is refused", async () => {
  const api = await adminApi();
  const evil = await api.post("/api/v1/tokens", {
    data: { name: "x", scopes: ["read"] },
    headers: { origin: "https://evil.example" },
  });
  expect(evil.status()).toBe(403);
  expect((await evil.json()).error.message).toMatch(/Cross-site request refused/);

  const bare = await request.newContext({ baseURL: appUrl, storageState: adminStatePath });
  const noOrigin = await bare.post("/api/v1/tokens", { data: { name: "x", scopes: ["read"] } });
  expect(noOrigin.status()).toBe(403);
  const list = await bare.get("/api/v1/tokens");
  expect(list.status()).toBe(200);
  expect(JSON.stringify(await list.json())).not.toContain('"name":"x"');
  await Promise.all([api.dispose(), bare.dispose()]);
});

test("a revoked token stops working at once", async () => {
  const { id, token } = await createToken(["read"], "to revoke");
  const caller = await anonymousApi({ authorization: `Bearer ${token}` });
  expect((await caller.get("/api/v1/me")).status()).toBe(200);
  const api = await adminApi();
  expect((await api.delete(`/api/v1/tokens/${id}`)).status()).toBe(200);
  const after = await caller.get("/api/v1/me");
  expect(after.status()).toBe(401);
  expect((await after.json()).error.message).toBe("The API token is invalid, expired or revoked.");
  await Promise.all([api.dispose(), caller.dispose()]);
});

test("signing out everywhere ends the account's other sessions, and both are audited", async () => {
  const user = await createActiveUser("analyst", "everywhere");
  const laptop = await anonymousApi();
  await signIn(laptop, user.email, user.password);
  expect((await laptop.get("/api/v1/me")).status()).toBe(200);

  expect((await user.api.post("/api/v1/auth/logout-everywhere")).status()).toBe(200);
  expect((await laptop.get("/api/v1/me")).status()).toBe(401);
  expect((await user.api.get("/api/v1/me")).status()).toBe(401);

  await signIn(laptop, user.email, user.password);
  expect((await laptop.post("/api/v1/auth/logout")).status()).toBe(200);
  expect((await laptop.get("/api/v1/me")).status()).toBe(401);

  const api = await adminApi();
  const audit = await (await api.get(`/api/v1/audit?actor=${encodeURIComponent(user.email)}&pageSize=100`)).json();
  const actions = (audit.data as { action: string }[]).map((entry) => entry.action);
  expect(actions).toContain("auth.logout_everywhere");
  expect(actions).toContain("auth.logout");
  await Promise.all([api.dispose(), laptop.dispose(), user.api.dispose()]);
});
