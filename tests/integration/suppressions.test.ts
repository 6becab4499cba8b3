import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SuppressionPreview } from "@/lib/detection/engine/suppression-preview";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SignalListItem } from "@/lib/signals/types";
import type { SuppressionItem } from "@/lib/suppressions/types";
import { call, minutes, userArn } from "@/tests/support/detection-events";
import { s3RecordsText, tempFolder, uniquePrefix } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";

// Suppressions through their route handlers, on a database filled by the real worker: the preview of a
// draft equals what saving it does; saving, disabling and deleting hide and bring back signals with their
// triage state and history; expiry is a boundary on event times; later uploads are checked against the
// suppressions in force; bad input is refused naming its field.

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Role = "viewer" | "analyst" | "admin";
const ORIGIN = "http://localhost";
let harness: IngestHarness;
let folder: Awaited<ReturnType<typeof tempFolder>>;
let db: PrismaClient;
const cookies = {} as Record<Role, string>;
const routes = {} as Record<
  "list" | "create" | "get" | "patch" | "remove" | "history" | "preview" | "signals" | "exportFile" | "importFile",
  Handler
>;

const prefix = uniquePrefix();
const t0 = new Date("2026-05-04T08:00:00Z");
const users = { ci: `ci-bot-${prefix}`, alice: `alice-${prefix}`, bob: `bob-${prefix}`, dave: `dave-${prefix}` };
const CI_IP = "10.1.2.3";

async function request(
  handler: Handler,
  url: string,
  options: { method?: string; body?: unknown; as?: Role; params?: Record<string, string> } = {},
) {
  const req = new NextRequest(new URL(url, ORIGIN), {
    method: options.method ?? "GET",
    headers: { cookie: cookies[options.as ?? "analyst"], origin: ORIGIN, host: "localhost" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function ingest(name: string, events: Record<string, unknown>[]) {
  const ids = await harness.upload([await folder.write(name, s3RecordsText(events))]);
  const [upload] = await harness.waitForUploads(ids);
  expect(upload?.status).toBe("done");
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const draft = (conditions: unknown[], extra: Record<string, unknown> = {}) => ({
  name: `test ${prefix} ${Math.random().toString(36).slice(2, 8)}`,
  reason: "the CI runner's discovery calls are expected",
  conditions,
  startsAt: "2026-01-01T00:00:00Z",
  expiresAt: inDays(30),
  ...extra,
});

/** Every signal of this test's users, as the database holds it. */
async function signalState() {
  const rows = await db.signal.findMany({
    where: { principalArn: { in: Object.values(users).map(userArn) } },
    include: { events: { select: { eventId: true } } },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => ({
    id: row.id,
    principalArn: row.principalArn,
    live: row.retiredAt === null && row.mergedIntoId === null,
    merged: row.mergedIntoId !== null,
    status: row.status,
    assigneeId: row.assigneeId,
    eventCount: row.eventCount,
    events: row.events.map((event) => String(event.eventId)).sort(),
    suppressedBy: row.suppressedByIds,
  }));
}
const live = (state: Awaited<ReturnType<typeof signalState>>) => state.filter((signal) => signal.live);

async function preview(body: unknown) {
  const { status, body: result } = await request(routes.preview, "/api/v1/suppressions/preview", {
    method: "POST",
    body,
  });
  expect(status, JSON.stringify(result)).toBe(200);
  return result as SuppressionPreview;
}
async function create(body: unknown, as: Role = "analyst") {
  return request(routes.create, "/api/v1/suppressions", { method: "POST", body, as });
}
async function patch(id: string, body: unknown, as: Role = "analyst") {
  return request(routes.patch, `/api/v1/suppressions/${id}`, { method: "PATCH", body, as, params: { id } });
}
async function remove(id: string) {
  return request(routes.remove, `/api/v1/suppressions/${id}`, { method: "DELETE", params: { id } });
}
const hitsOf = async (id: string) =>
  (await request(routes.get, `/api/v1/suppressions/${id}`, { params: { id } })).body as SuppressionItem;

/** The preview's signals against the database after the save. */
function expectEffect(
  result: SuppressionPreview,
  before: Awaited<ReturnType<typeof signalState>>,
  after: typeof before,
  id: string,
) {
  const wasLive = new Map(live(before).map((signal) => [signal.id, signal]));
  const hidden = after.filter((signal) => !signal.live && !signal.merged && wasLive.has(signal.id)).map((s) => s.id);
  expect(result.signalsHidden.map((signal) => signal.id).sort()).toEqual(hidden.sort());
  for (const signal of after.filter((s) => hidden.includes(s.id))) expect(signal.suppressedBy).toEqual([id]);
  const changed = after
    .filter(
      (signal) =>
        wasLive.has(signal.id) &&
        (signal.merged || (signal.live && signal.events.join() !== wasLive.get(signal.id)?.events.join())),
    )
    .map((signal) => signal.id);
  expect(result.signalsChanged.map((signal) => signal.id).sort()).toEqual(changed.sort());
  expect(result.counts.signalsHidden).toBe(hidden.length);
  expect(result.openSignalsHidden).toBe(
    live(before).filter((signal) => hidden.includes(signal.id) && signal.status !== "archived").length,
  );
}

let baseline: Awaited<ReturnType<typeof signalState>>;

beforeAll(async () => {
  harness = await createIngestHarness();
  folder = await tempFolder("suppressions");
  vi.stubEnv("DATABASE_URL", harness.database.url);
  vi.resetModules();
  const [exportRoute, importRoute] = await Promise.all([
    import("@/app/api/v1/suppressions/export/route"),
    import("@/app/api/v1/suppressions/import/route"),
  ]);
  const [client, sessions, factories, list, one, history, previewRoute, signals] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/auth/sessions"),
    import("@/tests/support/factories"),
    import("@/app/api/v1/suppressions/route"),
    import("@/app/api/v1/suppressions/[id]/route"),
    import("@/app/api/v1/suppressions/[id]/history/route"),
    import("@/app/api/v1/suppressions/preview/route"),
    import("@/app/api/v1/signals/route"),
  ]);
  db = client.getDb();
  Object.assign(routes, {
    list: list.GET,
    create: list.POST,
    get: one.GET,
    patch: one.PATCH,
    remove: one.DELETE,
    history: history.GET,
    preview: previewRoute.POST,
    signals: signals.GET,
    exportFile: exportRoute.GET,
    importFile: importRoute.POST,
  });
  for (const role of ["viewer", "analyst", "admin"] as const) {
    const user = await factories.makeUser(db, { role });
    const session = await sessions.createSession(db, {
      userId: user.id,
      policy: { idleMs: 3_600_000, maxMs: 86_400_000 },
    });
    cookies[role] = `${sessions.SESSION_COOKIE}=${session.token}`;
  }
  let index = 0;
  const at = (n: number) => minutes(t0, n);
  await ingest("corpus.json", [
    // The CI runner: two bursts three hours apart (two signals), from 10.1.2.3.
    ...[0, 5, 10, 180, 185].map((n) =>
      call({ prefix, index: index++, user: users.ci, time: at(n), ip: CI_IP, userAgent: "Boto3/1.34 ci-runner" }),
    ),
    // Alice: one signal, one of its calls from the VPN (10.9.9.9).
    call({ prefix, index: index++, user: users.alice, time: at(0), ip: "203.0.113.5" }),
    call({ prefix, index: index++, user: users.alice, time: at(7), ip: "10.9.9.9" }),
    call({ prefix, index: index++, user: users.alice, time: at(15), ip: "203.0.113.5" }),
    // Bob: nobody suppresses him.
    call({ prefix, index: index++, user: users.bob, time: at(3), ip: "198.51.100.4" }),
    // Dave: two calls, for the expiry boundary.
    call({ prefix, index: index++, user: users.dave, time: at(60), ip: "198.51.100.9" }),
    call({ prefix, index: index++, user: users.dave, time: at(70), ip: "198.51.100.9" }),
  ]);
  // One of the CI signals was archived by an analyst: a suppression must not reopen it on the way back.
  const ciSignals = await db.signal.findMany({
    where: { principalArn: userArn(users.ci) },
    orderBy: { firstSeen: "asc" },
  });
  expect(ciSignals).toHaveLength(2);
  await db.signal.update({
    where: { id: (ciSignals[1] as { id: string }).id },
    data: { status: "archived", archiveReason: "true_positive_benign" },
  });
  baseline = await signalState();
  expect(live(baseline)).toHaveLength(5);
});

afterAll(async () => {
  await harness?.close();
  await folder?.remove();
  vi.unstubAllEnvs();
});

describe("a suppression's preview and its effect", () => {
  let id = "";

  it("previews a CIDR over the stored data, and saving does exactly that", async () => {
    const body = draft([{ field: "sourceIp", operator: "cidr", values: ["10.0.0.0/8"] }]);
    const result = await preview(body);
    expect(result.events).toBe(6);
    expect(result.matches).toBe(6);
    expect(result.counts).toMatchObject({ signalsHidden: 2, signalsChanged: 1 });
    expect(result.openSignalsHidden).toBe(1);
    // Open ones first.
    expect(result.signalsHidden.map((signal) => signal.status)).toEqual(["open", "archived"]);
    expect(result.principals).toEqual([
      { value: userArn(users.ci), count: 5 },
      { value: userArn(users.alice), count: 1 },
    ]);
    expect(result.ips).toEqual([
      { value: CI_IP, count: 5 },
      { value: "10.9.9.9", count: 1 },
    ]);
    expect(result.sample).toHaveLength(6);

    const saved = await create(body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    id = saved.body.id;
    const after = await signalState();
    expectEffect(result, baseline, after, id);
    const item = await hitsOf(id);
    expect(item).toMatchObject({ hits: result.matches, signalsHidden: 2, version: 1, state: "active" });
    expect(item.lastHitAt).toBe(minutes(t0, 185).toISOString());
    // Alice's signal keeps two of its three events, and its history says why.
    const alice = after.find((signal) => signal.live && signal.principalArn === userArn(users.alice));
    expect(alice?.events).toHaveLength(2);
    expect(alice).toBeDefined();
    const entries = await db.signalActivity.findMany({ where: { signalId: alice?.id, kind: "suppressed" } });
    expect(entries.map((entry) => entry.details)).toEqual([
      expect.objectContaining({ count: 1, effect: "reduced", suppressions: [{ id, name: body.name }] }),
    ]);
  });

  it("takes the hidden signals out of the list and lists them under suppressed=only, naming the suppression", async () => {
    const all = (await request(routes.signals, `/api/v1/signals?q=${prefix}&status=open,under_review,archived`)).body;
    expect(all.data.map((signal: SignalListItem) => signal.principalArn)).not.toContain(userArn(users.ci));
    const only = (await request(routes.signals, `/api/v1/signals?suppressed=only&q=${prefix}`)).body;
    expect(only.total).toBe(2);
    expect(only.counts).toEqual({ open: 1, under_review: 0, archived: 1 });
    const archived = (await request(routes.signals, `/api/v1/signals?suppressed=only&q=${prefix}&status=archived`))
      .body;
    expect(archived.total).toBe(1);
    for (const signal of [...only.data, ...archived.data] as SignalListItem[]) {
      expect(signal.principalArn).toBe(userArn(users.ci));
      expect(signal.suppressedBy).toEqual([{ id, name: expect.stringContaining(prefix) }]);
    }
  });

  it("checks later uploads against the suppressions in force", async () => {
    await ingest("later.json", [call({ prefix, index: 100, user: users.ci, time: minutes(t0, 600), ip: CI_IP })]);
    const state = await signalState();
    expect(live(state).filter((signal) => signal.events.length > 0)).toHaveLength(3); // alice, bob, dave
    expect((await hitsOf(id)).hits).toBe(7);
  });

  it("brings every signal back with its triage state and history when disabled", async () => {
    const current = await hitsOf(id);
    const disabled = await patch(id, { enabled: false, version: current.version });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, state: "disabled", hits: 0, signalsHidden: 0 });
    const state = await signalState();
    const back = live(state);
    // The baseline's five, and a third CI signal for the later call (600 min is its own session).
    for (const signal of live(baseline)) {
      expect(back.find((s) => s.id === signal.id)).toMatchObject({
        status: signal.status,
        assigneeId: signal.assigneeId,
        events: signal.events,
        suppressedBy: [],
      });
    }
    expect(back).toHaveLength(6);
    const archived = live(baseline).find((signal) => signal.status === "archived");
    const entries = await db.signalActivity.findMany({
      where: { signalId: archived?.id },
      orderBy: { id: "asc" },
    });
    expect(entries.map((entry) => entry.kind)).toEqual(["created", "suppressed", "unsuppressed"]);
    const history = (await request(routes.history, `/api/v1/suppressions/${id}/history`, { params: { id } })).body;
    expect(history.data.map((entry: { action: string }) => entry.action)).toEqual(["disabled", "created"]);
    expect(history.data[0].changes).toEqual(["disabled"]);
    const audit = await db.auditLog.findMany({ where: { targetId: id }, orderBy: { at: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["suppression.created", "suppression.disabled"]);
  });

  it("refuses a change made from a stale version, and saves nothing", async () => {
    const stale = await patch(id, { name: "other", version: 1 });
    expect(stale.status).toBe(409);
    expect((await hitsOf(id)).name).not.toBe("other");
  });
});

describe("the preview equals the effect", () => {
  const cases: [string, unknown[], Record<string, unknown>?][] = [
    ["a principal", [{ field: "principalArn", operator: "equals", values: [userArn(users.alice)] }]],
    ["a glob", [{ field: "principalArn", operator: "glob", values: [`arn:aws:iam::*:user/ci-bot-${prefix}`] }]],
    [
      "a time window",
      [{ field: "principalArn", operator: "glob", values: [`*-${prefix}`] }],
      { startsAt: minutes(t0, 1).toISOString(), expiresAt: minutes(t0, 65).toISOString() },
    ],
    [
      "an agent and an address together",
      [
        { field: "userAgent", operator: "contains", values: ["CI-RUNNER"] },
        { field: "sourceIp", operator: "equals", values: ["10.1.2.3"] },
      ],
    ],
  ];
  for (const [label, conditions, extra] of cases) {
    it(`for ${label}, and deleting it restores the signals`, async () => {
      const before = await signalState();
      const body = draft(conditions, extra);
      const result = await preview(body);
      expect(result.matches).toBeGreaterThan(0);
      const saved = await create(body, "admin");
      expect(saved.status, JSON.stringify(saved.body)).toBe(201);
      const after = await signalState();
      expectEffect(result, before, after, saved.body.id);
      expect((await hitsOf(saved.body.id)).hits).toBe(result.matches);
      expect((await remove(saved.body.id)).status).toBe(204);
      const restored = await signalState();
      expect(live(restored).map(({ suppressedBy: _, ...signal }) => signal)).toEqual(
        live(before).map(({ suppressedBy: _, ...signal }) => signal),
      );
    });
  }
});

describe("expiry is a boundary on event times", () => {
  it("covers an event at expiresAt − 1 s and not one at expiresAt", async () => {
    const second = minutes(t0, 70);
    const conditions = [{ field: "principalArn", operator: "equals", values: [userArn(users.dave)] }];
    const at = await preview(draft(conditions, { expiresAt: second.toISOString() }));
    expect(at.matches).toBe(1);
    const after = await preview(draft(conditions, { expiresAt: new Date(second.getTime() + 1000).toISOString() }));
    expect(after.matches).toBe(2);
    // Saved, an expired suppression still covers what happened before its expiry.
    const saved = await create(
      draft(conditions, { expiresAt: new Date(second.getTime() + 1000).toISOString() }),
      "admin",
    );
    expect(saved.body).toMatchObject({ state: "expired", hits: 2, signalsHidden: 1 });
    expect((await remove(saved.body.id)).status).toBe(204);
  });
});

describe("bad input and access", () => {
  const valid = draft([{ field: "principalArn", operator: "equals", values: [userArn(users.bob)] }]);
  const refusals: [string, Record<string, unknown>, RegExp][] = [
    [
      "an unknown field",
      { conditions: [{ field: "color", operator: "equals", values: ["x"] }] },
      /conditions\.0\.field/,
    ],
    [
      "an unknown operator",
      { conditions: [{ field: "sourceIp", operator: "near", values: ["x"] }] },
      /conditions\.0\.operator/,
    ],
    [
      "an operator the field does not take",
      { conditions: [{ field: "accessKeyId", operator: "glob", values: ["A*"] }] },
      /conditions\.0\.operator/,
    ],
    [
      "a malformed CIDR",
      { conditions: [{ field: "sourceIp", operator: "cidr", values: ["10.0.0.0/33"] }] },
      /conditions\.0\.values\.0/,
    ],
    [
      "a malformed glob",
      { conditions: [{ field: "principalArn", operator: "glob", values: ["arn:[abc"] }] },
      /conditions\.0\.values\.0/,
    ],
    [
      "a suppression of everything",
      { conditions: [{ field: "principalArn", operator: "glob", values: ["*"] }] },
      /match every event/,
    ],
    [
      "every address",
      { conditions: [{ field: "sourceIp", operator: "cidr", values: ["0.0.0.0/0"] }] },
      /match every event/,
    ],
    ["no condition", { conditions: [] }, /conditions/],
    [
      "a NUL byte",
      { conditions: [{ field: "principalArn", operator: "equals", values: ["arn\u0000x"] }] },
      /control character/,
    ],
    [
      "a 100k-character value",
      { conditions: [{ field: "userAgent", operator: "contains", values: ["x".repeat(100_000)] }] },
      /2048/,
    ],
    [
      "expiresAt not after startsAt",
      { startsAt: "2026-06-01T00:00:00Z", expiresAt: "2026-06-01T00:00:00Z" },
      /expiresAt/,
    ],
    ["a date in year 0", { expiresAt: "0000-01-01T00:00:00Z" }, /expiresAt/],
    ["a missing reason", { reason: "  " }, /reason/],
    ["an unknown key", { colour: "red" }, /colour/],
    ["an unknown rule", { ruleIds: ["no-such-rule"] }, /ruleIds/],
  ];
  for (const [label, change, message] of refusals) {
    it(`refuses ${label} with a 400 naming it`, async () => {
      const { status, body } = await create({ ...valid, ...change });
      expect(status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(body.error)).toMatch(message);
    });
  }

  it("needs an admin past 90 days, lets viewers read but not change, and audits nothing refused", async () => {
    const long = { ...valid, expiresAt: inDays(120), startsAt: undefined };
    expect((await create(long)).status).toBe(403);
    const admin = await create(long, "admin");
    expect(admin.status).toBe(201);
    expect((await create(valid, "viewer")).status).toBe(403);
    expect((await request(routes.list, "/api/v1/suppressions?state=active", { as: "viewer" })).status).toBe(200);
    expect((await request(routes.list, "/api/v1/suppressions?state=soon", { as: "viewer" })).status).toBe(400);
    const nul = await request(routes.list, "/api/v1/suppressions?q=ci%00bot", { as: "viewer" });
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toMatch(/q: contains a control character/);
    const created = await db.auditLog.count({ where: { action: "suppression.created" } });
    const rows = await db.suppression.count();
    expect(created).toBe(rows);
    expect((await remove(admin.body.id)).status).toBe(204);
  });

  it("lets an admin hand a suppression to another owner, and nobody else", async () => {
    const made = await create(draft([{ field: "accountId", operator: "equals", values: ["123412341234"] }]));
    expect(made.status).toBe(201);
    const analyst = await db.user.findFirstOrThrow({ where: { role: "analyst" } });
    const admin = await db.user.findFirstOrThrow({ where: { role: "admin" } });
    expect(made.body.owner).toEqual({ id: analyst.id, name: analyst.name });
    expect((await patch(made.body.id, { ownerId: admin.id, version: 1 })).status).toBe(403);
    const handed = await patch(made.body.id, { ownerId: admin.id, version: 1 }, "admin");
    expect(handed.status).toBe(200);
    expect(handed.body.owner).toEqual({ id: admin.id, name: admin.name });
    const history = (
      await request(routes.history, `/api/v1/suppressions/${made.body.id}/history`, { params: { id: made.body.id } })
    ).body;
    expect(history.data[0].changes).toEqual([`owner changed from ${analyst.name} to ${admin.name}`]);
    expect((await remove(made.body.id)).status).toBe(204);
  });

  it("lists with counts per tab and finds by name", async () => {
    const { body } = await request(routes.list, `/api/v1/suppressions?q=${prefix}`, { as: "viewer" });
    expect(body.counts).toEqual({ active: 0, expiring: 0, expired: 0, disabled: 1 });
    expect(body.data.map((item: SuppressionItem) => item.state)).toEqual(["disabled"]);
    expect(body.data[0].description).toBe("source IP is in 10.0.0.0/8");
  });
});

describe("export and import", () => {
  it("reads its own export back as unchanged, shows a diff, refuses bad entries by name, and applies on confirm", async () => {
    const exported = (await request(routes.exportFile, "/api/v1/suppressions/export", { as: "viewer" })).body;
    expect(exported.format).toBe("trailtriage.suppressions/v1");
    const total = await db.suppression.count({ where: { deletedAt: null } });
    expect(exported.suppressions).toHaveLength(total);
    const importFile = (body: unknown) =>
      request(routes.importFile, "/api/v1/suppressions/import", { method: "POST", body });

    const same = await importFile(exported);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ added: [], changed: [], refused: [], applied: false });
    expect(same.body.unchanged).toHaveLength(total);

    const [first] = exported.suppressions;
    const edited = { ...first, reason: "reviewed again" };
    const added = draft([{ field: "accountId", operator: "equals", values: ["999988887777"] }], {
      name: `imported ${prefix}`,
    });
    const broken = {
      ...added,
      name: `broken ${prefix}`,
      conditions: [{ field: "sourceIp", operator: "cidr", values: ["10.0.0.0/99"] }],
    };
    const file = { ...exported, suppressions: [edited, added, broken, ...exported.suppressions.slice(1)] };
    const diff = await importFile(file);
    expect(diff.body.added).toEqual([{ name: added.name, description: "account is 999988887777" }]);
    expect(diff.body.changed).toEqual([
      { name: first.name, id: expect.any(String), changes: ["reason changed to “reviewed again”"] },
    ]);
    expect(diff.body.refused).toEqual([
      { name: broken.name, problems: [expect.stringMatching(/^conditions\.0\.values\.0: /)] },
    ]);

    const refused = await importFile({ ...file, apply: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(broken.name);
    expect(await db.suppression.count({ where: { deletedAt: null } })).toBe(total);

    const since = new Date();
    const applied = await importFile({ ...file, suppressions: [edited, added], apply: true });
    expect(applied.body).toMatchObject({ applied: true, refused: [] });
    expect(await db.suppression.count({ where: { deletedAt: null } })).toBe(total + 1);
    const audit = await db.auditLog.findMany({
      where: { action: { in: ["suppression.imported", "suppression.updated"] }, at: { gte: since } },
    });
    expect(audit.map((entry) => entry.action).sort()).toEqual(["suppression.imported", "suppression.updated"]);
  });
});
