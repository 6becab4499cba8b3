import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BEDROCK_DISCOVERY_RULE_ID } from "@/lib/detection/bedrock-rule";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Severity, SignalStatus } from "@/lib/generated/prisma/enums";
import { type SignalSort, signalSorts } from "@/lib/signals/filters";
import type { RelatedSignal, SignalListItem, SignalPage } from "@/lib/signals/types";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";

// The signals list's sort orders and assignee filter, the export in the same order, and related signals,
// through the route handlers on a real Postgres. Signals are created directly, with many ties, and every
// order is checked against an independent sort of the same rows.

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Caller = "viewer" | "analyst" | "admin" | "read" | "write";

const ORIGIN = "http://localhost";
/** Every order the API offers: a new one is covered without a change here. */
const sorts = signalSorts;
const severityOrder: Severity[] = ["info", "low", "medium", "high", "critical"];

let harness: IngestHarness;
let db: PrismaClient;
let routes: { list: Handler; exportFile: Handler; related: Handler; bulk: Handler };
let signalsForExport: typeof import("@/lib/server/signals").signalsForExport;
const auth = {} as Record<Caller, Record<string, string>>;
const userIds = {} as Record<"viewer" | "analyst" | "admin", string>;
let versionId: string;

async function request(
  handler: Handler,
  url: string,
  options: { as?: Caller; id?: string; method?: string; body?: unknown } = {},
) {
  const req = new NextRequest(new URL(url, ORIGIN), {
    method: options.method ?? "GET",
    headers: auth[options.as ?? "viewer"],
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const params: Record<string, string> = options.id ? { id: options.id } : {};
  const response = await handler(req, { params: Promise.resolve(params) });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.startsWith("application/json");
  return { status: response.status, headers: response.headers, text, body: text && isJson ? JSON.parse(text) : null };
}

async function list(query: string, as: Caller = "viewer"): Promise<SignalPage> {
  const { status, body } = await request(routes.list, `/api/v1/signals?${query}`, { as });
  expect(status, JSON.stringify(body)).toBe(200);
  return body as SignalPage;
}

type Made = {
  id: string;
  lastSeen: Date;
  firstSeen: Date;
  severity: Severity;
  eventCount: number;
  status: SignalStatus;
  assigneeId: string | null;
};

type SignalSeed = Partial<{
  principalArn: string | null;
  sourceIps: string[];
  accessKeyIds: string[];
  lastSeen: Date;
  firstSeen: Date;
  severity: Severity;
  eventCount: number;
  status: SignalStatus;
  assigneeId: string | null;
  retiredAt: Date;
}>;

async function makeSignals(tag: string, seeds: SignalSeed[]): Promise<Made[]> {
  const data = seeds.map((seed) => ({
    ruleId: BEDROCK_DISCOVERY_RULE_ID,
    ruleVersionId: versionId,
    groupKey: `${tag}-${randomUUID()}`,
    severity: "medium" as const,
    title: `Sort and related test ${tag}`,
    message: "test",
    firstSeen: new Date("2026-05-01T00:00:00Z"),
    lastSeen: new Date("2026-05-01T01:00:00Z"),
    eventCount: 1,
    eventNames: ["ListFoundationModels"],
    eventSources: ["bedrock.amazonaws.com"],
    ...seed,
  }));
  return db.signal.createManyAndReturn({
    data,
    select: {
      id: true,
      lastSeen: true,
      firstSeen: true,
      severity: true,
      eventCount: true,
      status: true,
      assigneeId: true,
    },
  });
}

/** The order the API promises, computed without the server's code: field, then newest lastSeen, then id. */
function expectedOrder(rows: Made[], sort: SignalSort): string[] {
  const isDescending = sort.startsWith("-");
  const field = (isDescending ? sort.slice(1) : sort) as "lastSeen" | "firstSeen" | "severity" | "eventCount";
  const value = (row: Made) =>
    field === "severity"
      ? severityOrder.indexOf(row.severity)
      : field === "eventCount"
        ? row.eventCount
        : row[field].getTime();
  return [...rows]
    .sort(
      (a, b) =>
        (isDescending ? value(b) - value(a) : value(a) - value(b)) ||
        // Ties: most recent first, then the id; an ascending sort is the descending one turned round.
        (isDescending ? 1 : -1) * (b.lastSeen.getTime() - a.lastSeen.getTime()) ||
        (isDescending ? 1 : -1) * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map((row) => row.id);
}

const SORT_TAG = `sort-${randomUUID().slice(0, 8)}`;
let sortRows: Made[];

beforeAll(async () => {
  harness = await createIngestHarness();
  await harness.startWorker(); // creates the built-in rule
  vi.stubEnv("DATABASE_URL", harness.database.url);
  vi.resetModules();
  const [client, sessions, factories, tokens, signals, list, exportRoute, related, bulk] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/auth/sessions"),
    import("@/tests/support/factories"),
    import("@/lib/auth/api-tokens"),
    import("@/lib/server/signals"),
    import("@/app/api/v1/signals/route"),
    import("@/app/api/v1/signals/export/route"),
    import("@/app/api/v1/signals/[id]/related/route"),
    import("@/app/api/v1/signals/bulk/route"),
  ]);
  db = client.getDb();
  signalsForExport = signals.signalsForExport;
  routes = {
    list: list.GET as Handler,
    exportFile: exportRoute.GET as Handler,
    related: related.GET as Handler,
    bulk: bulk.POST as Handler,
  };
  for (const role of ["viewer", "analyst", "admin"] as const) {
    const user = await factories.makeUser(db, { role });
    const session = await sessions.createSession(db, {
      userId: user.id,
      policy: { idleMs: 3_600_000, maxMs: 86_400_000 },
    });
    userIds[role] = user.id;
    auth[role] = { cookie: `${sessions.SESSION_COOKIE}=${session.token}`, origin: ORIGIN, host: "localhost" };
  }
  for (const scope of ["read", "write"] as const) {
    const created = await tokens.createApiToken(db, {
      token: { name: scope, scopes: [scope] },
      createdById: null,
      actor: { type: "system", label: "test" },
    });
    auth[scope] = { authorization: `Bearer ${created.token}` };
  }
  const version = await db.ruleVersion.findFirstOrThrow({ where: { ruleId: BEDROCK_DISCOVERY_RULE_ID, version: 1 } });
  versionId = version.id;

  // 23 signals: four lastSeen values, three firstSeen values, every severity and three event counts,
  // so each order has long runs of ties; mixed statuses and assignees for the filters and counts.
  const hour = 3_600_000;
  const base = Date.parse("2026-05-01T00:00:00Z");
  const assignees = [userIds.analyst, null, userIds.admin];
  const statuses: SignalStatus[] = ["open", "under_review", "archived", "open"];
  sortRows = await makeSignals(
    SORT_TAG,
    Array.from({ length: 23 }, (_, index) => ({
      firstSeen: new Date(base + (index % 3) * hour),
      lastSeen: new Date(base + 10 * hour + ((index * 7) % 4) * hour),
      severity: severityOrder[(index * 3) % 5],
      eventCount: 1 + ((index * 5) % 3),
      status: statuses[index % 4],
      assigneeId: assignees[index % 3],
    })),
  );
});

afterAll(async () => {
  await harness?.close();
});

describe("GET /api/v1/signals?sort=", () => {
  it.each(sorts)(
    "%s gives the order an independent sort gives, ties broken by newest lastSeen then id",
    async (sort) => {
      const page = await list(`q=${SORT_TAG}&sort=${encodeURIComponent(sort)}&pageSize=100`);
      expect(page.total).toBe(23);
      expect(page.data.map((signal) => signal.id)).toEqual(expectedOrder(sortRows, sort));
    },
  );

  it("defaults to newest lastSeen first", async () => {
    const page = await list(`q=${SORT_TAG}&pageSize=100`);
    expect(page.data.map((signal) => signal.id)).toEqual(expectedOrder(sortRows, "-lastSeen"));
  });

  it.each(sorts)("pages through %s in fours across ties, neither repeating nor skipping", async (sort) => {
    const seen: string[] = [];
    for (let page = 1; page <= 6; page++) {
      const { data } = await list(`q=${SORT_TAG}&sort=${encodeURIComponent(sort)}&pageSize=4&page=${page}`);
      seen.push(...data.map((signal) => signal.id));
    }
    expect(seen).toEqual(expectedOrder(sortRows, sort));
  });

  it("refuses an unknown sort, naming the choices", async () => {
    const { status, body } = await request(routes.list, `/api/v1/signals?sort=title`);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/sort: must be one of -lastSeen, lastSeen/);
  });
});

describe("GET /api/v1/signals/export?sort=", () => {
  it.each(sorts)("exports in %s order, as the list shows it", async (sort) => {
    const listed = (await list(`q=${SORT_TAG}&sort=${encodeURIComponent(sort)}&pageSize=100`)).data;
    const json = await request(routes.exportFile, `/api/v1/signals/export?q=${SORT_TAG}&format=json&sort=${sort}`);
    expect(json.status).toBe(200);
    expect(json.body as SignalListItem[]).toEqual(listed);
    const csv = await request(routes.exportFile, `/api/v1/signals/export?q=${SORT_TAG}&sort=${sort}`);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.id)).toEqual(listed.map((signal) => signal.id));
  });

  it.each(sorts)("keyset batches of three cross ties in %s order without repeating or skipping", async (sort) => {
    const exported: string[] = [];
    for await (const signal of signalsForExport({ filters: { q: SORT_TAG }, sort, batchSize: 3 })) {
      exported.push(signal.id);
    }
    expect(exported).toEqual(expectedOrder(sortRows, sort));
  });

  it("keeps the order in batches under a filter too (open, assigned to the analyst)", async () => {
    const exported: string[] = [];
    const filters = { q: SORT_TAG, status: ["open" as const], assignee: "me" };
    for await (const signal of signalsForExport({
      filters,
      sort: "-severity",
      viewer: { userId: userIds.analyst },
      batchSize: 2,
    })) {
      exported.push(signal.id);
    }
    const mine = sortRows.filter((row) => row.status === "open" && row.assigneeId === userIds.analyst);
    expect(mine.length).toBeGreaterThan(2);
    expect(exported).toEqual(expectedOrder(mine, "-severity"));
  });
});

describe("assignee filter", () => {
  const idsOf = (rows: { id: string }[]) => rows.map((row) => row.id).sort();

  it("me is the caller, none is unassigned, a user id is that user", async () => {
    const mine = await list(`q=${SORT_TAG}&assignee=me&pageSize=100`, "analyst");
    expect(idsOf(mine.data)).toEqual(idsOf(sortRows.filter((row) => row.assigneeId === userIds.analyst)));
    expect(mine.data.every((signal) => signal.assignee?.id === userIds.analyst)).toBe(true);
    const adminsOwn = await list(`q=${SORT_TAG}&assignee=me&pageSize=100`, "admin");
    expect(idsOf(adminsOwn.data)).toEqual(idsOf(sortRows.filter((row) => row.assigneeId === userIds.admin)));
    const none = await list(`q=${SORT_TAG}&assignee=none&pageSize=100`);
    expect(idsOf(none.data)).toEqual(idsOf(sortRows.filter((row) => row.assigneeId === null)));
    const byId = await list(`q=${SORT_TAG}&assignee=${userIds.admin}&pageSize=100`, "read");
    expect(idsOf(byId.data)).toEqual(idsOf(sortRows.filter((row) => row.assigneeId === userIds.admin)));
    expect((await list(`q=${SORT_TAG}&assignee=me`, "viewer")).total).toBe(0);
  });

  it("status counts honour the assignee filter and ignore the status filter", async () => {
    const page = await list(`q=${SORT_TAG}&assignee=me&status=archived`, "analyst");
    const mine = sortRows.filter((row) => row.assigneeId === userIds.analyst);
    const count = (status: SignalStatus) => mine.filter((row) => row.status === status).length;
    expect(page.total).toBe(count("archived"));
    expect(page.counts).toEqual({
      open: count("open"),
      under_review: count("under_review"),
      archived: count("archived"),
    });
    expect(page.counts.open + page.counts.under_review + page.counts.archived).toBeLessThan(sortRows.length);
  });

  it("me through an API token is a 400 that says to use a user id, in the list, the export and bulk", async () => {
    const listed = await request(routes.list, `/api/v1/signals?assignee=me`, { as: "read" });
    expect(listed.status).toBe(400);
    expect(listed.body.error).toEqual({
      code: "INVALID_INPUT",
      message: "assignee=me needs a signed-in user; use a user id",
    });
    const exported = await request(routes.exportFile, `/api/v1/signals/export?assignee=me&format=json`, {
      as: "read",
    });
    expect(exported.status).toBe(400);
    const bulk = await request(routes.bulk, "/api/v1/signals/bulk", {
      as: "write",
      method: "POST",
      body: { filter: { q: SORT_TAG, assignee: "me" }, comment: "mine" },
    });
    expect(bulk.status).toBe(400);
    expect(bulk.body.error.message).toMatch(/assignee=me needs a signed-in user/);
  });

  it("refuses an assignee that is not me, none or a user id", async () => {
    const { status, body } = await request(routes.list, `/api/v1/signals?assignee=bob`);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^Invalid query: assignee: /);
  });

  it("bulk by filter with assignee=me changes the acting analyst's signals only", async () => {
    const bulk = await request(routes.bulk, "/api/v1/signals/bulk", {
      as: "analyst",
      method: "POST",
      body: { filter: { q: SORT_TAG, assignee: "me" }, comment: "Looked at mine." },
    });
    expect(bulk.status).toBe(200);
    const mine = sortRows.filter((row) => row.assigneeId === userIds.analyst);
    expect(bulk.body).toMatchObject({ matched: mine.length, changed: mine.length });
    const commented = await db.signalActivity.findMany({
      where: { kind: "commented", signal: { title: { contains: SORT_TAG } } },
      select: { signalId: true },
    });
    expect(idsOf(commented.map((entry) => ({ id: entry.signalId })))).toEqual(idsOf(mine));
  });
});

describe("GET /api/v1/signals/{id}/related", () => {
  const related = (id: string, as: Caller = "viewer") =>
    request(routes.related, `/api/v1/signals/${id}/related`, { as, id });
  const at = (minute: number) => new Date(Date.parse("2026-06-01T00:00:00Z") + minute * 60_000);

  it("lists live signals sharing the principal, an IP or a key, closest first, saying what they share", async () => {
    const tag = `related-${randomUUID().slice(0, 8)}`;
    const principal = `arn:aws:iam::111122223333:user/${tag}`;
    const other = `arn:aws:iam::111122223333:user/${tag}-other`;
    const [subject] = await makeSignals(tag, [
      { principalArn: principal, sourceIps: ["203.0.113.10", "203.0.113.11"], accessKeyIds: [`AKIA${tag}`] },
    ]);
    const [samePrincipal, sameIp, sameKey, everything, unrelated, retired, absorbed] = await makeSignals(tag, [
      { principalArn: principal, sourceIps: ["192.0.2.1"], lastSeen: at(10) },
      { principalArn: other, sourceIps: ["203.0.113.11", "192.0.2.2"], lastSeen: at(40) },
      { principalArn: other, accessKeyIds: [`AKIA${tag}`, "AKIAOTHER"], lastSeen: at(20) },
      {
        principalArn: principal,
        sourceIps: ["203.0.113.10", "203.0.113.11"],
        accessKeyIds: [`AKIA${tag}`],
        lastSeen: at(30),
      },
      { principalArn: other, sourceIps: ["192.0.2.3"], accessKeyIds: ["AKIAOTHER"], lastSeen: at(50) },
      { principalArn: principal, lastSeen: at(60), retiredAt: at(61) },
      { principalArn: principal, sourceIps: ["203.0.113.10"], lastSeen: at(70) },
    ]);
    await db.signal.update({ where: { id: absorbed?.id }, data: { mergedIntoId: subject?.id } });

    const { status, body } = await related(subject?.id as string);
    expect(status).toBe(200);
    const { data, total } = body as { data: RelatedSignal[]; total: number };
    expect(total).toBe(4);
    // Principal, then key, then IP, whatever their recency.
    expect(data.map((signal) => [signal.id, signal.shared])).toEqual([
      [everything?.id, { principal: true, ips: ["203.0.113.10", "203.0.113.11"], accessKeyIds: [`AKIA${tag}`] }],
      [samePrincipal?.id, { principal: true, ips: [], accessKeyIds: [] }],
      [sameKey?.id, { principal: false, ips: [], accessKeyIds: [`AKIA${tag}`] }],
      [sameIp?.id, { principal: false, ips: ["203.0.113.11"], accessKeyIds: [] }],
    ]);
    expect(data[3]).toMatchObject({ principalArn: other, title: `Sort and related test ${tag}`, status: "open" });
    const ids = data.map((signal) => signal.id);
    for (const excluded of [subject, unrelated, retired, absorbed]) expect(ids).not.toContain(excluded?.id);

    // An absorbed signal's related signals are its survivor's, as its own URL redirects there.
    const redirect = await related(absorbed?.id as string);
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get("location")).toBe(`${ORIGIN}/api/v1/signals/${subject?.id}/related`);
  });

  it("caps the list at the 25 most recently seen and counts them all", async () => {
    const tag = `cap-${randomUUID().slice(0, 8)}`;
    const principal = `arn:aws:iam::111122223333:user/${tag}`;
    const [subject] = await makeSignals(tag, [{ principalArn: principal, lastSeen: at(0) }]);
    const others = await makeSignals(
      tag,
      Array.from({ length: 30 }, (_, index) => ({ principalArn: principal, lastSeen: at(index % 7) })),
    );
    const { status, body } = await related(subject?.id as string, "read");
    expect(status).toBe(200);
    expect(body.total).toBe(30);
    expect((body.data as RelatedSignal[]).map((signal) => signal.id)).toEqual(
      expectedOrder(others, "-lastSeen").slice(0, 25),
    );
  });

  it("keeps a shared key in the list when a busy shared IP has many newer signals", async () => {
    const tag = `busy-${randomUUID().slice(0, 8)}`;
    const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const [subject] = await makeSignals(tag, [
      { principalArn: `arn:aws:iam::111122223333:user/${tag}`, sourceIps: [ip], accessKeyIds: [`AKIA${tag}`] },
    ]);
    const [sameKey] = await makeSignals(tag, [
      { principalArn: `arn:aws:iam::111122223333:user/${tag}-key`, accessKeyIds: [`AKIA${tag}`], lastSeen: at(0) },
    ]);
    await makeSignals(
      tag,
      Array.from({ length: 30 }, (_, index) => ({
        principalArn: `arn:aws:iam::111122223333:user/${tag}-office-${index}`,
        sourceIps: [ip],
        lastSeen: at(100 + index),
      })),
    );
    const { body } = await related(subject?.id as string);
    expect(body.total).toBe(31);
    expect(body.data).toHaveLength(25);
    expect((body.data as RelatedSignal[])[0]?.id).toBe(sameKey?.id);
  });

  it("answers an empty list for a signal sharing nothing, and 404 for an unknown or malformed id", async () => {
    const [alone] = await makeSignals(`alone-${randomUUID().slice(0, 8)}`, [{ principalArn: null }]);
    expect((await related(alone?.id as string)).body).toEqual({ data: [], total: 0, page: 1, pageSize: 25 });
    const unknown = await related(randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("NOT_FOUND");
    expect((await related("not-an-id")).status).toBe(404);
  });
});
