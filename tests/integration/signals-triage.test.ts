import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BEDROCK_DISCOVERY_RULE_ID } from "@/lib/detection/bedrock-rule";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SignalActivityItem, SignalDetail } from "@/lib/signals/types";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";

// Triage through the route handlers: every status transition and the invalid ones, assignment,
// comments, the history each writes, the optimistic-concurrency conflict, and a bulk change on 1,000
// signals. Signals are created directly (triage does not care how they were detected).

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Role = "viewer" | "analyst" | "admin";

const ORIGIN = "http://localhost";
let harness: IngestHarness;
let db: PrismaClient;
let routes: { patch: Handler; activity: Handler; comments: Handler; bulk: Handler };
const users = {} as Record<Role, { id: string; cookie: string; name: string }>;
let versionId: string;

async function call(
  handler: Handler,
  url: string,
  options: { method: string; body?: unknown; as?: Role; id?: string },
) {
  const req = new NextRequest(new URL(url, ORIGIN), {
    method: options.method,
    headers: { cookie: users[options.as ?? "analyst"].cookie, origin: ORIGIN, host: "localhost" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const params: Record<string, string> = options.id ? { id: options.id } : {};
  const response = await handler(req, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const patch = (id: string, body: unknown, as: Role = "analyst") =>
  call(routes.patch, `/api/v1/signals/${id}`, { method: "PATCH", body, as, id });
const history = async (id: string) =>
  (await call(routes.activity, `/api/v1/signals/${id}/activity`, { method: "GET", as: "viewer", id })).body
    .data as SignalActivityItem[];

let made = 0;
/** Signals as detection leaves them: open, unassigned, version 1. */
async function makeSignals(count: number, principal = `arn:aws:iam::111122223333:user/triage-${randomUUID()}`) {
  const first = Date.parse("2026-05-01T00:00:00Z");
  const data = Array.from({ length: count }, (_, index) => ({
    ruleId: BEDROCK_DISCOVERY_RULE_ID,
    ruleVersionId: versionId,
    groupKey: principal,
    principalArn: principal,
    severity: "medium" as const,
    title: `Denied Bedrock discovery by long-term key: ${principal}`,
    message: "test",
    firstSeen: new Date(first + (made + index) * 3 * 3_600_000),
    lastSeen: new Date(first + (made + index) * 3 * 3_600_000 + 60_000),
    eventCount: 1,
    eventNames: ["ListFoundationModels"],
    eventSources: ["bedrock.amazonaws.com"],
  }));
  made += count;
  const rows = await db.signal.createManyAndReturn({ data, select: { id: true } });
  return rows.map((row) => row.id);
}

beforeAll(async () => {
  harness = await createIngestHarness();
  await harness.startWorker(); // creates the built-in rule
  vi.stubEnv("DATABASE_URL", harness.database.url);
  vi.resetModules();
  const [client, sessions, factories, signal, activity, comments, bulk] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/auth/sessions"),
    import("@/tests/support/factories"),
    import("@/app/api/v1/signals/[id]/route"),
    import("@/app/api/v1/signals/[id]/activity/route"),
    import("@/app/api/v1/signals/[id]/comments/route"),
    import("@/app/api/v1/signals/bulk/route"),
  ]);
  db = client.getDb();
  routes = {
    patch: signal.PATCH as Handler,
    activity: activity.GET as Handler,
    comments: comments.POST as Handler,
    bulk: bulk.POST as Handler,
  };
  for (const role of ["viewer", "analyst", "admin"] as const) {
    const user = await factories.makeUser(db, { role });
    const session = await sessions.createSession(db, {
      userId: user.id,
      policy: { idleMs: 3_600_000, maxMs: 86_400_000 },
    });
    users[role] = { id: user.id, cookie: `${sessions.SESSION_COOKIE}=${session.token}`, name: user.name };
  }
  const version = await db.ruleVersion.findFirstOrThrow({ where: { ruleId: BEDROCK_DISCOVERY_RULE_ID, version: 1 } });
  versionId = version.id;
});

afterAll(async () => {
  await harness?.close();
});

describe("PATCH /api/v1/signals/{id}", () => {
  it("moves a signal open → under review → archived → open, each step in its history with who did it", async () => {
    const [id] = (await makeSignals(1)) as [string];
    const review = await patch(id, { status: "under_review", version: 1 });
    expect(review.status).toBe(200);
    expect((review.body as SignalDetail).status).toBe("under_review");
    expect((review.body as SignalDetail).version).toBe(2);

    const archived = await patch(id, {
      status: "archived",
      archiveReason: "testing_or_maintenance",
      comment: "The **ML platform** team's new CI job.",
      version: 2,
    });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: "archived", archiveReason: "testing_or_maintenance", version: 3 });

    const reopened = await patch(id, { status: "open", comment: "The CI job was not theirs.", version: 3 });
    expect(reopened.body).toMatchObject({ status: "open", archiveReason: null, version: 4 });

    const entries = await history(id);
    expect(entries.map((entry) => [entry.kind, entry.actor?.id, entry.details])).toEqual([
      ["status_changed", users.analyst.id, { from: "open", to: "under_review", archiveReason: null, comment: null }],
      [
        "status_changed",
        users.analyst.id,
        {
          from: "under_review",
          to: "archived",
          archiveReason: "testing_or_maintenance",
          comment: "The **ML platform** team's new CI job.",
        },
      ],
      ["reopened", users.analyst.id, { from: "archived", to: "open", comment: "The CI job was not theirs." }],
    ]);
  });

  it("refuses to archive without a reason or without a comment, and a reason without archiving, saying which", async () => {
    const [id] = (await makeSignals(1)) as [string];
    const noReason = await patch(id, { status: "archived", comment: "fine", version: 1 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/archiveReason: archiving needs a reason: one of false_positive, /);
    const noComment = await patch(id, { status: "archived", archiveReason: "false_positive", version: 1 });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.message).toMatch(/comment: archiving needs a comment/);
    const strayReason = await patch(id, { status: "under_review", archiveReason: "remediated", version: 1 });
    expect(strayReason.status).toBe(400);
    expect(strayReason.body.error.message).toMatch(/archiveReason: a reason goes with status archived/);
    const badReason = await patch(id, { status: "archived", archiveReason: "bored", comment: "x", version: 1 });
    expect(badReason.status).toBe(400);
    const nothing = await patch(id, { version: 1 });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.message).toMatch(/change the status, the assignee, or add a comment/);
    const noVersion = await patch(id, { status: "under_review" });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.message).toMatch(/version/);
    // None of them changed anything.
    expect(await db.signal.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "open", version: 1 });
    expect(await history(id)).toEqual([]);
  });

  it("gives the second of two analysts editing the same version a clear 409, never a silent overwrite", async () => {
    const [id] = (await makeSignals(1)) as [string];
    const first = await patch(id, { status: "under_review", version: 1 });
    expect(first.status).toBe(200);
    const second = await patch(id, { assigneeId: users.admin.id, version: 1 }, "admin");
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(/at version 2, not 1\)\. Reload it and try again/);
    expect(await db.signal.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "under_review",
      assigneeId: null,
      version: 2,
    });
  });

  it("assigns to an analyst, reassigns and unassigns; a viewer or an unknown user cannot be assigned", async () => {
    const [id] = (await makeSignals(1)) as [string];
    expect((await patch(id, { assigneeId: users.analyst.id, version: 1 })).body.assignee).toMatchObject({
      id: users.analyst.id,
    });
    expect((await patch(id, { assigneeId: users.admin.id, version: 2 })).body.assignee.id).toBe(users.admin.id);
    expect((await patch(id, { assigneeId: null, version: 3 })).body.assignee).toBeNull();
    const viewer = await patch(id, { assigneeId: users.viewer.id, version: 4 });
    expect(viewer.status).toBe(400);
    expect(viewer.body.error.message).toMatch(/a viewer cannot be assigned/);
    expect((await patch(id, { assigneeId: randomUUID(), version: 4 })).status).toBe(400);
    const named = (role: Role) => ({ id: users[role].id, name: users[role].name });
    expect((await history(id)).map((entry) => [entry.kind, entry.details.from, entry.details.to])).toEqual([
      ["assigned", null, named("analyst")],
      ["assigned", named("analyst"), named("admin")],
      ["assigned", named("admin"), null],
    ]);
  });

  it("is for analysts: a viewer gets 403; unknown signals 404; merged ones 409 naming the survivor", async () => {
    const [id, survivor] = (await makeSignals(2)) as [string, string];
    expect((await patch(id, { status: "under_review", version: 1 }, "viewer")).status).toBe(403);
    expect((await patch(randomUUID(), { status: "under_review", version: 1 })).status).toBe(404);
    // A malformed id names nothing: 404, like an unknown one (README, "API").
    const malformed = await patch("not-an-id", { status: "under_review", version: 1 });
    expect(malformed.status).toBe(404);
    expect(malformed.body.error.message).toBe("No signal with id not-an-id.");
    await db.signal.update({ where: { id }, data: { mergedIntoId: survivor } });
    const merged = await patch(id, { status: "under_review", version: 1 });
    expect(merged.status).toBe(409);
    expect(merged.body.error.message).toContain(survivor);
  });
});

describe("comments", () => {
  it("adds Markdown comments to the history, as entries of their own, and refuses empty ones", async () => {
    const [id] = (await makeSignals(1)) as [string];
    const posted = await call(routes.comments, `/api/v1/signals/${id}/comments`, {
      method: "POST",
      body: { body: "Checked with **Ana**: <script>alert(1)</script> not hers." },
      id,
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ kind: "commented", actor: { id: users.analyst.id } });
    const viaPatch = await patch(id, { comment: "Asked the platform team.", version: 1 });
    expect(viaPatch.body.version).toBe(2);
    const empty = await call(routes.comments, `/api/v1/signals/${id}/comments`, {
      method: "POST",
      body: { body: "   " },
      id,
    });
    expect(empty.status).toBe(400);
    expect(
      (
        await call(routes.comments, `/api/v1/signals/${id}/comments`, {
          method: "POST",
          body: { body: "x" },
          as: "viewer",
          id,
        })
      ).status,
    ).toBe(403);
    // Stored as written; the page renders it without raw HTML.
    expect((await history(id)).map((entry) => entry.details.body)).toEqual([
      "Checked with **Ana**: <script>alert(1)</script> not hers.",
      "Asked the platform team.",
    ]);
  });
});

describe("POST /api/v1/signals/bulk", () => {
  it("archives 1,000 signals at once, each with its history entry, and a second run changes none", async () => {
    const principal = `arn:aws:iam::111122223333:user/bulk-${randomUUID()}`;
    const ids = await makeSignals(1000, principal);
    const body = { ids, status: "archived", archiveReason: "false_positive", comment: "Scanner in the lab." };
    const first = await call(routes.bulk, "/api/v1/signals/bulk", { method: "POST", body });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ matched: 1000, changed: 1000, unchanged: 0, skipped: [] });
    const counted = await db.signal.groupBy({
      by: ["status", "archiveReason", "version"],
      where: { principalArn: principal },
      _count: true,
    });
    expect(counted).toEqual([{ status: "archived", archiveReason: "false_positive", version: 2, _count: 1000 }]);
    expect(
      await db.signalActivity.count({
        where: { signalId: { in: ids }, kind: "status_changed", actorId: users.analyst.id },
      }),
    ).toBe(1000);

    const again = await call(routes.bulk, "/api/v1/signals/bulk", { method: "POST", body });
    expect(again.body).toEqual({ matched: 1000, changed: 0, unchanged: 1000, skipped: [] });
  });

  it("changes everything matching a filter, and only that; unknown ids are reported, not fatal", async () => {
    const principal = `arn:aws:iam::111122223333:user/filtered-${randomUUID()}`;
    const mine = await makeSignals(3, principal);
    const others = await makeSignals(2);
    const byFilter = await call(routes.bulk, "/api/v1/signals/bulk", {
      method: "POST",
      body: { filter: { principal }, assigneeId: users.analyst.id },
    });
    expect(byFilter.body).toMatchObject({ matched: 3, changed: 3 });
    const assigned = await db.signal.findMany({
      where: { id: { in: [...mine, ...others] } },
      select: { id: true, assigneeId: true },
    });
    expect(
      assigned
        .filter((row) => row.assigneeId === users.analyst.id)
        .map((row) => row.id)
        .sort(),
    ).toEqual([...mine].sort());

    const unknown = randomUUID();
    const listed = await call(routes.bulk, "/api/v1/signals/bulk", {
      method: "POST",
      body: { ids: [others[0], unknown], status: "under_review" },
    });
    expect(listed.body).toEqual({ matched: 1, changed: 1, unchanged: 0, skipped: [unknown] });
  });

  it("refuses a change without a target, with both targets, or that archiving rules refuse", async () => {
    const [id] = (await makeSignals(1)) as [string];
    const cases = [
      [{ status: "under_review" }, /give either ids or filter/],
      [{ ids: [id], filter: {}, status: "under_review" }, /give either ids or filter/],
      [{ ids: [id], status: "archived", comment: "x" }, /archiving needs a reason/],
      [{ ids: [id] }, /change the status, the assignee, or add a comment/],
    ] as const;
    for (const [body, message] of cases) {
      const response = await call(routes.bulk, "/api/v1/signals/bulk", { method: "POST", body });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
    }
    expect(
      (
        await call(routes.bulk, "/api/v1/signals/bulk", {
          method: "POST",
          body: { ids: [id], status: "open" },
          as: "viewer",
        })
      ).status,
    ).toBe(403);
  });
});
