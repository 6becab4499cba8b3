import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SavedView } from "@/lib/signals/saved-views";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";

// Saved views of the Signals page through the route handlers: each user keeps their own, names are
// unique per user, nobody sees or changes another's, and a view's query is checked and normalised.

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
/** A signed-in user (a session cookie) or an API token (a Bearer header). */
type Caller = { id: string; headers: Record<string, string> };

const ORIGIN = "http://localhost";
let harness: IngestHarness;
let db: PrismaClient;
let routes: { list: Handler; create: Handler; patch: Handler; remove: Handler };
let token: Caller;
let signedIn: (role: "viewer" | "analyst" | "admin") => Promise<Caller>;

async function call(
  handler: Handler,
  url: string,
  options: { method: string; body?: unknown; as: Caller; id?: string },
) {
  const req = new NextRequest(new URL(url, ORIGIN), {
    method: options.method,
    headers: { ...options.as.headers, origin: ORIGIN, host: "localhost" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const params: Record<string, string> = options.id ? { viewId: options.id } : {};
  const response = await handler(req, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const list = async (as: Caller) => {
  const response = await call(routes.list, "/api/v1/signals/views", { method: "GET", as });
  expect(response.status).toBe(200);
  return response.body.data as SavedView[];
};
const create = (as: Caller, body: unknown) =>
  call(routes.create, "/api/v1/signals/views", { method: "POST", body, as });
const patch = (as: Caller, id: string, body: unknown) =>
  call(routes.patch, `/api/v1/signals/views/${id}`, { method: "PATCH", body, as, id });
const remove = (as: Caller, id: string) =>
  call(routes.remove, `/api/v1/signals/views/${id}`, { method: "DELETE", as, id });

/** A view that must be created: returns it. */
async function made(as: Caller, name: string, query = "") {
  const response = await create(as, { name, query });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  // A single resource is the object itself (README, "API").
  return response.body as SavedView;
}

beforeAll(async () => {
  harness = await createIngestHarness();
  vi.stubEnv("DATABASE_URL", harness.database.url);
  vi.resetModules();
  const [client, sessions, tokens, factories, views, view] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/auth/sessions"),
    import("@/lib/auth/api-tokens"),
    import("@/tests/support/factories"),
    import("@/app/api/v1/signals/views/route"),
    import("@/app/api/v1/signals/views/[viewId]/route"),
  ]);
  db = client.getDb();
  routes = {
    list: views.GET as Handler,
    create: views.POST as Handler,
    patch: view.PATCH as Handler,
    remove: view.DELETE as Handler,
  };
  // Each test signs in users of its own, so it sees only the views it made.
  signedIn = async (role) => {
    const user = await factories.makeUser(db, { role });
    const policy = { idleMs: 3_600_000, maxMs: 86_400_000 };
    const session = await sessions.createSession(db, { userId: user.id, policy });
    return { id: user.id, headers: { cookie: `${sessions.SESSION_COOKIE}=${session.token}` } };
  };
  const created = await tokens.createApiToken(db, {
    token: { name: "saved-views", scopes: ["ingest", "read", "write"] },
    createdById: null,
    actor: { type: "system", label: "test" },
  });
  token = { id: created.id, headers: { authorization: `Bearer ${created.token}` } };
});

afterAll(async () => {
  await harness?.close();
});

describe("saved views", () => {
  it("creates, lists by name ignoring case, renames, changes the query of, and deletes a view", async () => {
    const analyst = await signedIn("analyst");
    const triage = await made(analyst, "  needs triage  ", "status=open,under_review&sort=-severity");
    expect(triage).toMatchObject({ name: "needs triage", query: "status=open%2Cunder_review&sort=-severity" });
    expect(triage.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(triage.createdAt)).not.toBeNaN();
    await made(analyst, "Critical only", "severity=critical");
    await made(analyst, "ALL", "");
    await made(analyst, "beta", "severity=low");
    // In code-point order "beta" would come after "needs triage" (capitals sort first); ignoring case it
    // comes between "ALL" and "Critical only".
    expect((await list(analyst)).map((view) => view.name)).toEqual(["ALL", "beta", "Critical only", "needs triage"]);

    const renamed = await patch(analyst, triage.id, { name: "Open work" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: triage.id, name: "Open work", query: triage.query });

    const requeried = await patch(analyst, triage.id, { query: "?status=open&assignee=me" });
    expect(requeried.status).toBe(200);
    expect(requeried.body).toMatchObject({ name: "Open work", query: "status=open&assignee=me" });
    expect(Date.parse(requeried.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(triage.updatedAt));

    const both = await patch(analyst, triage.id, { name: "Mine, open", query: "assignee=me" });
    expect(both.body).toMatchObject({ name: "Mine, open", query: "assignee=me" });

    const deleted = await remove(analyst, triage.id);
    expect(deleted).toEqual({ status: 204, body: null });
    expect((await list(analyst)).map((view) => view.name)).toEqual(["ALL", "beta", "Critical only"]);
    expect((await remove(analyst, triage.id)).status).toBe(404);
  });

  it("keeps names per user: two users may both have “Mine”, one user only once", async () => {
    const [analyst, admin] = await Promise.all([signedIn("analyst"), signedIn("admin")]);
    await made(analyst, "Mine", "assignee=me");
    await made(admin, "Mine", "assignee=me&status=open");
    const again = await create(analyst, { name: "Mine", query: "severity=high" });
    expect(again).toEqual({
      status: 409,
      body: { error: { code: "CONFLICT", message: 'You already have a view named "Mine".' } },
    });
    // Renaming onto a name the user already has conflicts too.
    const other = await made(analyst, "Mine too");
    const clash = await patch(analyst, other.id, { name: " Mine " });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toBe('You already have a view named "Mine".');
    expect((await list(admin)).filter((view) => view.name === "Mine")).toHaveLength(1);
  });

  it("keeps views private: another user's view is absent from their list and answers 404", async () => {
    const [analyst, otherAnalyst] = await Promise.all([signedIn("analyst"), signedIn("analyst")]);
    const secret = await made(otherAnalyst, "Secret", "q=exfiltration");
    expect((await list(analyst)).map((view) => view.id)).not.toContain(secret.id);
    expect((await list(otherAnalyst)).map((view) => view.id)).toContain(secret.id);

    const renamed = await patch(analyst, secret.id, { name: "Taken" });
    expect(renamed.status).toBe(404);
    expect(renamed.body.error.code).toBe("NOT_FOUND");
    expect((await remove(analyst, secret.id)).status).toBe(404);
    expect((await patch(analyst, randomUUID(), { name: "Nothing" })).status).toBe(404);

    const unchanged = await db.savedView.findUniqueOrThrow({ where: { id: secret.id } });
    expect(unchanged).toMatchObject({ name: "Secret", query: "q=exfiltration", userId: otherAnalyst.id });
  });

  it("lets a viewer save, rename and delete views of their own", async () => {
    const viewer = await signedIn("viewer");
    const view = await made(viewer, "High and up", "severity=high,critical");
    expect(view.query).toBe("severity=high%2Ccritical");
    expect((await patch(viewer, view.id, { name: "Serious" })).status).toBe(200);
    expect((await list(viewer)).map((item) => item.name)).toContain("Serious");
    expect((await remove(viewer, view.id)).status).toBe(204);
  });

  it("normalises the query: known filters in a fixed order, `page` and blanks dropped, a leading ? allowed", async () => {
    const admin = await signedIn("admin");
    const view = await made(
      admin,
      "Normalised",
      "?sort=-eventCount&page=3&severity=critical,low,critical&q=&status=archived&status=open&from=2026-01-01",
    );
    expect(view.query).toBe(
      "status=open%2Carchived&severity=low%2Ccritical&from=2026-01-01T00%3A00%3A00.000Z&sort=-eventCount",
    );
    // The same filters written another way make the same query.
    const same = await made(
      admin,
      "Same filters",
      "from=2026-01-01T00:00:00Z&severity=low&severity=critical&status=open,archived&sort=-eventCount&page=1",
    );
    expect(same.query).toBe(view.query);
    expect((await made(admin, "Everything", "?page=2")).query).toBe("");
  });

  it("refuses a query with an unknown or invalid filter, naming it, and a blank or long name", async () => {
    const admin = await signedIn("admin");
    const unknown = await create(admin, { name: "Bad", query: "status=open&colour=red" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("INVALID_INPUT");
    expect(unknown.body.error.message).toMatch(/^Invalid body: query: `colour` is not a signal filter/);

    const severity = await create(admin, { name: "Bad", query: "severity=high,extreme" });
    expect(severity.status).toBe(400);
    expect(severity.body.error.message).toBe(
      "Invalid body: query: severity must be one of info, low, medium, high, critical",
    );

    const sort = await create(admin, { name: "Bad", query: "sort=name" });
    expect(sort.body.error.message).toMatch(/^Invalid body: query: sort must be one of -lastSeen, /);
    const range = await create(admin, { name: "Bad", query: "from=2026-02-01&to=2026-01-01" });
    expect(range.body.error.message).toBe("Invalid body: query: from must not be after `to`");
    const twice = await create(admin, { name: "Bad", query: "ip=198.51.100.1&ip=198.51.100.2" });
    expect(twice.body.error.message).toBe("Invalid body: query: ip must be given once");

    const blank = await create(admin, { name: "   ", query: "status=open" });
    expect(blank.status).toBe(400);
    expect(blank.body.error.message).toBe("Invalid body: name: is required");
    expect((await create(admin, { name: "x".repeat(81), query: "" })).status).toBe(400);
    expect((await create(admin, { name: "Long", query: `q=${"a".repeat(4096)}` })).status).toBe(400);

    const saved = await made(admin, "Valid");
    const badPatch = await patch(admin, saved.id, { query: "severity=extreme" });
    expect(badPatch.status).toBe(400);
    expect((await patch(admin, saved.id, {})).status).toBe(400);
    expect((await patch(admin, saved.id, { name: "" })).status).toBe(400);
    expect((await list(admin)).map((view) => view.name)).not.toContain("Bad");
  });

  it("refuses API tokens, even with every scope: a view belongs to a person", async () => {
    const listed = await call(routes.list, "/api/v1/signals/views", { method: "GET", as: token });
    expect(listed.status).toBe(403);
    expect(listed.body.error.message).toBe("This needs a signed-in user (API tokens cannot do this).");
    expect((await create(token, { name: "Token view", query: "" })).status).toBe(403);
    expect(await db.savedView.count({ where: { name: "Token view" } })).toBe(0);
  });
});
