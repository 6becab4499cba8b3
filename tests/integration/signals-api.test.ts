import { parse } from "csv-parse/sync";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { RuleDetail } from "@/lib/rules/types";
import type { SignalDetail, SignalListItem } from "@/lib/signals/types";
import { call, minutes, userArn } from "@/tests/support/detection-events";
import { s3RecordsText, syntheticEventId, tempFolder, uniquePrefix } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";

// The signals and rules API through its route handlers, on signals the real pipeline made from uploads:
// list filters and paging, the detail with why each event fired, merge redirects, and a rule change
// that is previewed, saved, re-evaluated in the background, and keeps triage state where a signal persists.

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Routes = Record<"signals" | "signal" | "rules" | "rule" | "patchRule" | "preview" | "exportFile", Handler>;

const RULE = "bedrock-discovery-long-term-key";
const ORIGIN = "http://localhost";
let harness: IngestHarness;
let folder: Awaited<ReturnType<typeof tempFolder>>;
let db: PrismaClient;
let routes: Routes;
const cookies: Record<"viewer" | "admin", string> = { viewer: "", admin: "" };

const prefix = uniquePrefix();
const t0 = new Date("2026-04-01T08:00:00Z");
const users = { a: `alpha-${prefix}`, b: `bravo-${prefix}`, c: `charlie-${prefix}` };
const ipC = "198.51.100.77";

async function request(
  handler: Handler,
  url: string,
  options: { method?: string; body?: unknown; as?: "viewer" | "admin"; params?: Record<string, string> } = {},
) {
  const headers = { cookie: cookies[options.as ?? "viewer"], origin: ORIGIN, host: "localhost" };
  const req = new NextRequest(new URL(url, ORIGIN), {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const list = async (query: string) => {
  const { status, body } = await request(routes.signals, `/api/v1/signals?${query}`);
  expect(status).toBe(200);
  return body as {
    data: SignalListItem[];
    total: number;
    page: number;
    pageSize: number;
    counts: Record<string, number>;
  };
};
const detail = (id: string) => request(routes.signal, `/api/v1/signals/${id}`, { params: { id } });
const rule = async () =>
  (await request(routes.rule, `/api/v1/rules/${RULE}`, { params: { id: RULE } })).body as RuleDetail;

async function ingest(name: string, events: Record<string, unknown>[]) {
  const ids = await harness.upload([await folder.write(name, s3RecordsText(events))]);
  const [upload] = await harness.waitForUploads(ids);
  expect(upload?.status).toBe("done");
  return upload?.id as string;
}

async function waitForEvaluation(version: number) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const current = await rule();
    if (current.evaluatedVersion === version && !current.isEvaluating) return current;
    if (Date.now() > deadline) throw new Error(`rule not evaluated at v${version}: ${JSON.stringify(current)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let firstUpload: string;

beforeAll(async () => {
  harness = await createIngestHarness();
  folder = await tempFolder("signals-api");
  await harness.startWorker();
  vi.stubEnv("DATABASE_URL", harness.database.url);
  vi.resetModules();
  const [client, sessions, factories, signals, signal, rules, ruleRoute, preview] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/auth/sessions"),
    import("@/tests/support/factories"),
    import("@/app/api/v1/signals/route"),
    import("@/app/api/v1/signals/[id]/route"),
    import("@/app/api/v1/rules/route"),
    import("@/app/api/v1/rules/[id]/route"),
    import("@/app/api/v1/rules/[id]/preview/route"),
  ]);
  const exportRoute = await import("@/app/api/v1/signals/export/route");
  db = client.getDb();
  routes = {
    signals: signals.GET as Handler,
    signal: signal.GET as Handler,
    rules: rules.GET as Handler,
    rule: ruleRoute.GET as Handler,
    patchRule: ruleRoute.PATCH as Handler,
    preview: preview.POST as Handler,
    exportFile: exportRoute.GET as Handler,
  };
  for (const role of ["viewer", "admin"] as const) {
    const user = await factories.makeUser(db, { role });
    const session = await sessions.createSession(db, {
      userId: user.id,
      policy: { idleMs: 3_600_000, maxMs: 86_400_000 },
    });
    cookies[role] = `${sessions.SESSION_COOKIE}=${session.token}`;
  }

  firstUpload = await ingest("first.json", [
    // alpha: two bursts 2 h apart (two signals), Bedrock-native names
    call({ prefix, index: 1, user: users.a, time: t0 }),
    call({ prefix, index: 2, user: users.a, time: minutes(t0, 20), eventName: "GetFoundationModel" }),
    call({ prefix, index: 3, user: users.a, time: minutes(t0, 120) }),
    // bravo: SageMaker's ListModels, from two IPs
    call({
      prefix,
      index: 4,
      user: users.b,
      time: minutes(t0, 5),
      eventSource: "sagemaker.amazonaws.com",
      eventName: "ListModels",
      errorCode: "AccessDenied",
      ip: "203.0.113.1",
    }),
    call({
      prefix,
      index: 5,
      user: users.b,
      time: minutes(t0, 6),
      eventSource: "sagemaker.amazonaws.com",
      eventName: "ListModels",
      errorCode: "AccessDenied",
      ip: "203.0.113.2",
      accessKeyId: "AKIAIOSFODNN7BRAVO02",
    }),
    // charlie: denied, then a successful call from the same IP: high
    call({ prefix, index: 6, user: users.c, time: minutes(t0, 30), ip: ipC }),
    call({
      prefix,
      index: 7,
      user: users.c,
      time: minutes(t0, 90),
      ip: ipC,
      eventSource: "s3.amazonaws.com",
      eventName: "ListBuckets",
      errorCode: null,
    }),
  ]);
});

afterAll(async () => {
  const queue = (globalThis as { trailtriageQueue?: Promise<{ stop(o: object): Promise<void> }> }).trailtriageQueue;
  await (await queue)?.stop({ graceful: false, close: true, wait: true, timeout: 2000 }).catch(() => {});
  await harness?.close();
  await folder?.remove();
});

describe("GET /api/v1/signals", () => {
  it("lists the live signals in the documented shape, newest activity first", async () => {
    const page = await list(`q=${prefix}&pageSize=50`);
    expect(page.total).toBe(4);
    expect(page.data.map((s) => [s.principalArn, s.eventCount, s.severity])).toEqual([
      [userArn(users.a), 1, "medium"],
      [userArn(users.c), 1, "high"],
      [userArn(users.a), 2, "medium"],
      [userArn(users.b), 2, "medium"],
    ]);
    const required = [
      "id",
      "ruleId",
      "severity",
      "status",
      "principalArn",
      "accountId",
      "accessKeyIds",
      "sourceIps",
      "eventNames",
      "eventSources",
      "regions",
      "userAgents",
      "firstSeen",
      "lastSeen",
      "eventCount",
      "followUpSuccessCount",
      "assignee",
      "archiveReason",
      "version",
    ];
    for (const key of required) expect(page.data[0]).toHaveProperty(key);
    const bravo = page.data.find((s) => s.principalArn === userArn(users.b)) as SignalListItem;
    expect(bravo).toMatchObject({
      ruleId: RULE,
      status: "open",
      sourceIps: ["203.0.113.1", "203.0.113.2"],
      accessKeyIds: ["AKIAIOSFODNN7BRAVO02", "AKIAIOSFODNN7EXAMPLE"],
      eventNames: ["ListModels"],
      eventSources: ["sagemaker.amazonaws.com"],
      calls: [{ eventName: "ListModels", eventSource: "sagemaker.amazonaws.com", count: 2 }],
      firstSeen: minutes(t0, 5).toISOString(),
      lastSeen: minutes(t0, 6).toISOString(),
      followUpSuccessCount: 0,
      assignee: null,
    });
    expect(page.data.find((s) => s.principalArn === userArn(users.c))?.followUpSuccessCount).toBe(1);
  });

  it("filters on principal, IP, key, severity, status, time, upload and text, and pages", async () => {
    expect((await list(`principal=${encodeURIComponent(userArn(users.a))}`)).total).toBe(2);
    expect((await list(`ip=203.0.113.2`)).data.map((s) => s.principalArn)).toEqual([userArn(users.b)]);
    expect((await list(`accessKeyId=AKIAIOSFODNN7BRAVO02`)).total).toBe(1);
    expect((await list(`q=${prefix}&severity=high`)).data.map((s) => s.principalArn)).toEqual([userArn(users.c)]);
    expect((await list(`q=${prefix}&severity=high,medium&status=open`)).total).toBe(4);
    const archived = await list(`q=${prefix}&status=archived`);
    expect(archived.total).toBe(0);
    // The status tabs' counts ignore the status filter and keep the others.
    expect(archived.counts).toEqual({ open: 4, under_review: 0, archived: 0 });
    // active in the range: last seen at or after `from`, first seen at or before `to`
    expect((await list(`q=${prefix}&from=${minutes(t0, 100).toISOString()}`)).total).toBe(1);
    expect((await list(`q=${prefix}&to=${minutes(t0, 4).toISOString()}`)).total).toBe(1);
    expect((await list(`upload=${firstUpload}`)).total).toBe(4);
    const second = await list(`q=${prefix}&pageSize=3&page=2`);
    expect([second.total, second.page, second.pageSize, second.data.length]).toEqual([4, 2, 3, 1]);
  });

  it("reads % and _ in the search as themselves, not as wildcards (issue 15, finding 8)", async () => {
    expect((await list(`q=${prefix}`)).total).toBe(4);
    expect((await list(`q=${encodeURIComponent(`_${prefix.slice(1)}`)}`)).total).toBe(0);
    expect((await list(`q=${encodeURIComponent(`${prefix.slice(0, 3)}%${prefix.slice(5)}`)}`)).total).toBe(0);
  });

  it("answers 400 naming the field for a NUL byte or a date PostgreSQL cannot store, in the list and the export (issue 15, findings 4 and 5)", async () => {
    const cases = [
      ["principal=a%00b", /principal/],
      ["ip=1.2.3.4%00", /ip/],
      ["accessKeyId=AKIA%00", /accessKeyId/],
      ["q=%00", /q/],
      ["from=0000-01-01", /from: .*between/],
      ["from=-001000-01-01T00:00:00Z", /from: .*between/],
      ["to=-271821-04-20T00:00:00Z", /to: .*between/],
      ["from=%2B275760-09-13T00:00:00Z", /from: .*between/],
      ["from=10000-01-01", /from/],
      ["to=not-a-date", /to/],
    ] as const;
    for (const [query, field] of cases) {
      for (const path of ["/api/v1/signals", "/api/v1/signals/export"]) {
        const handler = path.endsWith("export") ? routes.exportFile : routes.signals;
        const { status, body } = await request(handler, `${path}?${query}`);
        expect([path, query, status], JSON.stringify(body)).toEqual([path, query, 400]);
        expect(body.error.message).toMatch(field);
      }
    }
  });

  it("refuses bad filters with a message naming the field", async () => {
    const { status, body } = await request(routes.signals, "/api/v1/signals?severity=urgent");
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/severity/);
    const range = await request(routes.signals, `/api/v1/signals?from=2026-02-02&to=2026-01-01`);
    expect(range.status).toBe(400);
    expect(range.body.error.message).toMatch(/from: must not be after `to`/);
  });
});

describe("GET /api/v1/signals/export", () => {
  it("exports what the list shows, in its order, as a JSON array and as CSV", async () => {
    const listed = (await list(`q=${prefix}&pageSize=50`)).data;
    const json = await request(routes.exportFile, `/api/v1/signals/export?q=${prefix}&format=json`);
    expect(json.status).toBe(200);
    expect(json.body).toEqual(listed);

    const response = await routes.exportFile(
      new NextRequest(new URL(`/api/v1/signals/export?q=${prefix}`, ORIGIN), { headers: { cookie: cookies.viewer } }),
      { params: Promise.resolve({}) },
    );
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="trailtriage-signals-.*\.csv"/);
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.id, row.principal_arn, row.event_count, row.severity])).toEqual(
      listed.map((signal) => [signal.id, signal.principalArn, String(signal.eventCount), signal.severity]),
    );
    const bravo = rows.find((row) => row.principal_arn === userArn(users.b));
    expect(bravo?.calls).toBe("ListModels@sagemaker.amazonaws.com×2");
    expect(bravo?.source_ips).toBe("203.0.113.1 203.0.113.2");
  });
});

describe("GET /api/v1/signals/{id}", () => {
  it("lists every matched event with why it fired, the follow-up and the rendered playbook", async () => {
    const [charlie] = (await list(`principal=${encodeURIComponent(userArn(users.c))}`)).data;
    const { status, body } = await detail(charlie?.id as string);
    expect(status).toBe(200);
    const signal = body as SignalDetail;
    expect(signal.events.map((e) => [e.eventId, e.eventName, e.eventSource])).toEqual([
      [syntheticEventId(prefix, 6), "ListFoundationModels", "bedrock.amazonaws.com"],
    ]);
    expect(signal.events[0]?.conditions.map((c) => [c.condition, c.held])).toEqual([
      ["event", true],
      ["denial", true],
      ["credential", true],
    ]);
    expect(signal.events[0]?.conditions[2]?.detail).toMatch(/AKIA… access key of a IAMUser identity/);
    expect(signal.followUp).toMatchObject({
      count: 1,
      topCalls: [{ eventName: "ListBuckets", eventSource: "s3.amazonaws.com", count: 1 }],
    });
    expect(signal.followUp?.reason).toMatch(/1 successful call/);
    expect(signal.playbook).toContain(`(/investigate/principals/${encodeURIComponent(userArn(users.c))})`);
    expect(signal.playbook).toContain(`(/investigate/ips/${ipC})`);
    expect(signal.activity.map((entry) => entry.kind)).toEqual(["created", "severity_changed"]);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await detail("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await detail("not-an-id")).status).toBe(404);
  });

  it("redirects an absorbed signal to the one that absorbed it, which keeps its triage state", async () => {
    const [newer, older] = (await list(`principal=${encodeURIComponent(userArn(users.a))}`)).data as [
      SignalListItem,
      SignalListItem,
    ];
    await db.signal.update({ where: { id: older.id }, data: { status: "under_review" } });
    // fills the gap: 20 min -> 70 min -> 120 min
    await ingest("gap.json", [call({ prefix, index: 8, user: users.a, time: minutes(t0, 70) })]);
    const redirect = await detail(newer.id);
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get("location")).toBe(`${ORIGIN}/api/v1/signals/${older.id}`);
    const merged = (await detail(older.id)).body as SignalDetail;
    expect([merged.status, merged.eventCount, merged.mergedFrom]).toEqual(["under_review", 4, [newer.id]]);
    expect(merged.activity.at(-1)).toMatchObject({ kind: "merged", details: { absorbed: newer.id, events: 1 } });
  });
});

describe("rule changes", () => {
  const withoutListFoundationModels = async () =>
    (await rule()).config.bedrockNames.filter((name) => name !== "ListFoundationModels");

  it("lists the rule with its MITRE mapping, query in words, counts and version", async () => {
    const { status, body } = await request(routes.rules, "/api/v1/rules");
    expect(status).toBe(200);
    const [summary] = body.data as RuleDetail[];
    expect(summary).toMatchObject({
      id: RULE,
      originId: "def-000-an8",
      enabled: true,
      severity: "medium",
      currentVersion: 1,
      evaluatedVersion: 1,
      isEvaluating: false,
      tactic: { id: "TA0007" },
      technique: { id: "T1526" },
      matchCount: 7,
      signalCounts: { total: 3, open: 2, under_review: 1, archived: 0 },
    });
    expect(summary?.query.join(" ")).toMatch(/AccessDenied, AccessDeniedException/);
  });

  it("a preview of the unchanged configuration changes nothing and counts every match once", async () => {
    // Twelve more matches, so stored ids cross from one digit to two: paging through candidates must
    // follow the numbers, not their text.
    const other = uniquePrefix();
    const sagemaker = { eventSource: "sagemaker.amazonaws.com", eventName: "ListModels", errorCode: "AccessDenied" };
    await ingest(
      "delta.json",
      Array.from({ length: 12 }, (_, index) =>
        call({ prefix: other, index, user: `delta-${other}`, time: minutes(t0, index), ...sagemaker }),
      ),
    );
    const current = await rule();
    expect(current.matchCount).toBe(19);
    const preview = await request(routes.preview, `/api/v1/rules/${RULE}/preview`, {
      method: "POST",
      as: "admin",
      params: { id: RULE },
      body: {},
    });
    expect(preview.status).toBe(200);
    expect(preview.body.proposed.matches).toBe(19);
    expect(preview.body.counts).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 4 });
  });

  it("previews, saves and re-evaluates a change, keeping triage state where a signal persists", async () => {
    const before = (await list(`q=${prefix}`)).data;
    const alpha = before.find((s) => s.principalArn === userArn(users.a)) as SignalListItem;
    const bravo = before.find((s) => s.principalArn === userArn(users.b)) as SignalListItem;
    const bedrockNames = await withoutListFoundationModels();

    const preview = await request(routes.preview, `/api/v1/rules/${RULE}/preview`, {
      method: "POST",
      as: "admin",
      params: { id: RULE },
      body: { bedrockNames },
    });
    expect(preview.status).toBe(200);
    // alpha keeps its GetFoundationModel call; charlie's only call is no longer listed; bravo is untouched
    expect(preview.body.counts).toEqual({ added: 0, removed: 1, changed: 1, unchanged: 2 });
    expect(preview.body.removed.map((s: { principalArn: string }) => s.principalArn)).toEqual([userArn(users.c)]);
    expect(preview.body.changed[0]).toMatchObject({
      before: { signalId: alpha.id, eventCount: 4 },
      after: { signalId: alpha.id, eventCount: 1 },
      differences: ["4 → 1 events", "a different time window"],
    });
    expect((await rule()).currentVersion).toBe(1); // nothing saved

    const saved = await request(routes.patchRule, `/api/v1/rules/${RULE}`, {
      method: "PATCH",
      as: "admin",
      params: { id: RULE },
      body: { bedrockNames, version: 1, comment: "test" },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.currentVersion).toBe(2);
    const evaluated = await waitForEvaluation(2);
    expect(evaluated.versions.map((v) => [v.version, v.comment, v.changes])).toEqual([
      [2, "test", ["Bedrock names: removed ListFoundationModels"]],
      [1, "Shipped configuration", ["first version"]],
    ]);
    const after = (await list(`q=${prefix}`)).data;
    expect(after.map((s) => [s.id, s.eventCount, s.status]).sort()).toEqual(
      [
        [alpha.id, 1, "under_review"],
        [bravo.id, 2, "open"],
      ].sort(),
    );
    const audit = await db.auditLog.findFirst({ where: { action: "rule.updated" } });
    expect(audit?.details).toMatchObject({ version: 2, changes: ["Bedrock names: removed ListFoundationModels"] });

    // Putting the name back revives the retired signal under its old id, and alpha gets its events back.
    const restored = await request(routes.patchRule, `/api/v1/rules/${RULE}`, {
      method: "PATCH",
      as: "admin",
      params: { id: RULE },
      body: { bedrockNames: [...bedrockNames, "ListFoundationModels"] },
    });
    expect(restored.status).toBe(200);
    await waitForEvaluation(3);
    const again = (await list(`q=${prefix}`)).data;
    expect(again.map((s) => [s.id, s.eventCount]).sort()).toEqual(before.map((s) => [s.id, s.eventCount]).sort());
  });

  it("refuses viewers, stale versions, invalid and empty changes, each with a clear message", async () => {
    const viewer = await request(routes.patchRule, `/api/v1/rules/${RULE}`, {
      method: "PATCH",
      params: { id: RULE },
      body: { severity: "low" },
    });
    expect(viewer.status).toBe(403);
    const stale = await request(routes.patchRule, `/api/v1/rules/${RULE}`, {
      method: "PATCH",
      as: "admin",
      params: { id: RULE },
      body: { severity: "low", version: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/version 3 now, not 1/);
    const windows = await request(routes.patchRule, `/api/v1/rules/${RULE}`, {
      method: "PATCH",
      as: "admin",
      params: { id: RULE },
      body: { keepAliveMinutes: 600, maxDurationHours: 2 },
    });
    expect(windows.status).toBe(400);
    expect(windows.body.error.message).toMatch(/keep-alive cannot be longer than the maximum duration/);
    const same = await request(routes.patchRule, `/api/v1/rules/${RULE}`, {
      method: "PATCH",
      as: "admin",
      params: { id: RULE },
      body: { severity: "medium" },
    });
    expect(same.status).toBe(400);
    expect(same.body.error.message).toMatch(/Nothing changed/);
    const unknown = await request(routes.patchRule, `/api/v1/rules/${RULE}`, {
      method: "PATCH",
      as: "admin",
      params: { id: RULE },
      body: { severity: "low", colour: "red" },
    });
    expect(unknown.status).toBe(400);
    expect((await rule()).currentVersion).toBe(3);
  });

  it("a shorter keep-alive splits a signal; the original keeps the session holding most of its events", async () => {
    const [alpha] = (await list(`principal=${encodeURIComponent(userArn(users.a))}`)).data as [SignalListItem];
    const changed = await request(routes.patchRule, `/api/v1/rules/${RULE}`, {
      method: "PATCH",
      as: "admin",
      params: { id: RULE },
      body: { keepAliveMinutes: 30, severity: "low" },
    });
    expect(changed.status).toBe(200);
    await waitForEvaluation(4);
    const split = (await list(`principal=${encodeURIComponent(userArn(users.a))}`)).data;
    // 0, 20 | 70 | 120 minutes
    expect(split.map((s) => [s.firstSeen, s.eventCount, s.severity, s.status])).toEqual([
      [minutes(t0, 120).toISOString(), 1, "low", "open"],
      [minutes(t0, 70).toISOString(), 1, "low", "open"],
      [t0.toISOString(), 2, "low", "under_review"],
    ]);
    expect(split.at(-1)?.id).toBe(alpha.id);
    // charlie's follow-up keeps it high whatever the rule's severity
    expect((await list(`principal=${encodeURIComponent(userArn(users.c))}`)).data[0]?.severity).toBe("high");
  });
});
