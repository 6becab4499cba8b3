import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Worker } from "@/lib/worker/start";
import { createMigratedDatabase, type TestDatabase } from "@/tests/support/databases";
import { testLimits } from "@/tests/support/ingest";

// POST/GET /api/v1/uploads through the route handlers, with a real database, a real data folder, the
// real queue and a real worker: what a client sends is on disk before the 202, and becomes events.

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ORIGIN = "http://localhost";
let database: TestDatabase;
let dataDir: string;
let db: PrismaClient;
let worker: Worker;
let routes: { list: Handler; create: Handler; detail: Handler };
const auth: Record<"analyst" | "viewer" | "ingest" | "read", Record<string, string>> = {
  analyst: {},
  viewer: {},
  ingest: {},
  read: {},
};

function event(id: number) {
  return {
    eventVersion: "1.08",
    eventID: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
    eventTime: "2026-11-01T10:00:00Z",
    eventSource: "bedrock.amazonaws.com",
    eventName: "ListFoundationModels",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.15.0",
    errorCode: "AccessDeniedException",
    recipientAccountId: "111122223333",
    userIdentity: {
      type: "IAMUser",
      arn: "arn:aws:iam::111122223333:user/leaked",
      accountId: "111122223333",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    },
  };
}

const s3File = (ids: number[]) => Buffer.from(JSON.stringify({ Records: ids.map(event) }));
const csvFile = [
  "User name,AWS access key,Event time,Event source,Event name,AWS region,Source IP address,User agent,Error code,Resources,Request ID,Event ID,Read-only,Event type,Recipient Account Id,Event category",
  'leaked,AKIAIOSFODNN7EXAMPLE,2026-11-01T11:00:00Z,sagemaker.amazonaws.com,ListModels,us-east-1,198.51.100.7,aws-cli,AccessDenied,"[{""resourceType"":""x""}]",r-1,csv-event-1,true,AwsApiCall,111122223333,Management',
].join("\n");

function multipart(files: { name: string; body: Buffer | string; type?: string }[]) {
  const form = new FormData();
  for (const file of files) {
    const bytes = typeof file.body === "string" ? file.body : new Uint8Array(file.body);
    form.append("file", new Blob([bytes], { type: file.type ?? "application/octet-stream" }), file.name);
  }
  return form;
}

function post(url: string, body: BodyInit, headers: Record<string, string>) {
  // duplex: Node's fetch needs it for a streamed body; Next's RequestInit type does not list it.
  const init = { method: "POST", body, headers, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1];
  const req = new NextRequest(new URL(url, ORIGIN), init);
  return routes.create(req, { params: Promise.resolve({}) });
}

async function getJson(handler: Handler, url: string, headers: Record<string, string>, params = {}) {
  const response = await handler(new NextRequest(new URL(url, ORIGIN), { headers }), {
    params: Promise.resolve(params),
  });
  return { status: response.status, body: await response.json() };
}

async function waitFor(ids: string[]) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await db.upload.findMany({ where: { id: { in: ids } } });
    if (rows.every((row) => row.status === "done" || row.status === "failed")) return;
    if (Date.now() > deadline) throw new Error("uploads did not finish");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  database = await createMigratedDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "trailtriage-uploads-api-"));
  vi.stubEnv("DATABASE_URL", database.url);
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("MAX_UPLOAD_MB", "1");
  vi.resetModules();
  const [client, sessions, factories, tokens, list, detail, workerModule] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/auth/sessions"),
    import("@/tests/support/factories"),
    import("@/lib/auth/api-tokens"),
    import("@/app/api/v1/uploads/route"),
    import("@/app/api/v1/uploads/[id]/route"),
    import("@/lib/worker/start"),
  ]);
  routes = { list: list.GET as Handler, create: list.POST as Handler, detail: detail.GET as Handler };
  db = client.getDb();
  for (const role of ["analyst", "viewer"] as const) {
    const user = await factories.makeUser(db, { role });
    const session = await sessions.createSession(db, {
      userId: user.id,
      policy: { idleMs: 3_600_000, maxMs: 86_400_000 },
    });
    auth[role] = { cookie: `${sessions.SESSION_COOKIE}=${session.token}`, origin: ORIGIN, host: "localhost" };
  }
  for (const scope of ["ingest", "read"] as const) {
    const created = await tokens.createApiToken(db, {
      token: { name: scope, scopes: [scope] },
      createdById: null,
      actor: { type: "system", label: "test" },
    });
    auth[scope] = { authorization: `Bearer ${created.token}` };
  }
  worker = await workerModule.startWorker({ url: database.url, dataDir, limits: testLimits });
});

afterAll(async () => {
  await worker?.stop();
  await db?.$disconnect();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

describe("POST /api/v1/uploads", () => {
  it("takes several files in one multipart request: each is stored on disk before the 202, then ingested", async () => {
    const s3 = s3File([1, 2, 3]);
    const response = await post(
      "/api/v1/uploads",
      multipart([
        { name: "AWSLogs/111122223333/CloudTrail/us-east-1/a.json.gz", body: gzipSync(s3) },
        { name: "event_history.csv", body: csvFile, type: "text/csv" },
      ]),
      auth.analyst,
    );
    expect(response.status).toBe(202);
    const { data } = await response.json();
    expect(data).toEqual([
      { id: expect.any(String), filename: "a.json.gz", status: "queued" },
      { id: expect.any(String), filename: "event_history.csv", status: "queued" },
    ]);
    // On disk, byte for byte, as soon as the request is answered (the worker may already be on it).
    const row = await db.upload.findUniqueOrThrow({ where: { id: data[1].id } });
    expect(row.sha256).toBe(createHash("sha256").update(csvFile).digest("hex"));
    expect(row.source).toBe("browser");

    await waitFor(data.map((upload: { id: string }) => upload.id));
    const gz = await getJson(routes.detail, `/api/v1/uploads/${data[0].id}`, auth.analyst, { id: data[0].id });
    expect(gz.status).toBe(200);
    expect(gz.body).toMatchObject({
      id: data[0].id,
      filename: "a.json.gz",
      format: "gzip: s3-records",
      status: "done",
      bytesTotal: gzipSync(s3).length,
      bytesProcessed: gzipSync(s3).length,
      eventsParsed: 3,
      eventsInserted: 3,
      eventsDuplicate: 0,
      eventsRejected: 0,
      errors: [],
      // The three events are denied Bedrock discovery calls by one IAM user's key, at one time: one signal.
      signalsTouched: 1,
    });
    for (const key of ["startedAt", "finishedAt"]) expect(gz.body[key]).toEqual(expect.any(String));
    const csv = await getJson(routes.detail, `/api/v1/uploads/${data[1].id}`, auth.analyst, { id: data[1].id });
    // A console CSV row has no ARN: its signal is grouped under the access key, apart from the S3 file's.
    expect(csv.body).toMatchObject({ format: "console-csv", status: "done", eventsInserted: 1, signalsTouched: 1 });
    expect(await db.auditLog.count({ where: { action: "upload.created" } })).toBeGreaterThanOrEqual(2);
  });

  it("takes a raw body with ?filename= from an ingest token, and the same events again add nothing", async () => {
    const response = await post("/api/v1/uploads?filename=again.json", s3File([1, 2, 3, 4]), {
      ...auth.ingest,
      "content-type": "application/json",
    });
    expect(response.status).toBe(202);
    const [upload] = (await response.json()).data;
    expect(upload).toMatchObject({ filename: "again.json", status: "queued" });
    await waitFor([upload.id]);
    const detail = await getJson(routes.detail, `/api/v1/uploads/${upload.id}`, auth.ingest, { id: upload.id });
    expect(detail.body).toMatchObject({ source: "api", eventsParsed: 4, eventsInserted: 1, eventsDuplicate: 3 });
  });

  it("refuses what is not an upload, with a message that says what to send", async () => {
    const noName = await post("/api/v1/uploads", s3File([9]), { ...auth.ingest, "content-type": "application/json" });
    expect(noName.status).toBe(400);
    expect((await noName.json()).error.message).toMatch(/needs \?filename=/);

    const html = await post("/api/v1/uploads?filename=x.html", "<html></html>", {
      ...auth.ingest,
      "content-type": "text/html",
    });
    expect(html.status).toBe(415);
    expect((await html.json()).error.message).toMatch(/text\/html is not a file upload/);

    const noFile = new FormData();
    noFile.append("comment", "no file here");
    const empty = await post("/api/v1/uploads", noFile, auth.analyst);
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toMatch(/no file field/);
  });

  it("over the size limit: 413 for a raw body; in a multipart request that file fails and the others go on", async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 0x20);
    const raw = await post("/api/v1/uploads?filename=big.json", big, {
      ...auth.ingest,
      "content-type": "application/octet-stream",
      "content-length": String(big.length),
    });
    expect(raw.status).toBe(413);
    expect((await raw.json()).error.message).toMatch(/upload limit \(MAX_UPLOAD_MB\)/);

    const mixed = await post(
      "/api/v1/uploads",
      multipart([
        { name: "big.json", body: big },
        { name: "empty.json", body: "" },
        { name: "ok.json", body: s3File([20]) },
      ]),
      auth.analyst,
    );
    expect(mixed.status).toBe(202);
    const { data } = await mixed.json();
    expect(data.map((upload: { filename: string; status: string }) => [upload.filename, upload.status])).toEqual([
      ["big.json", "failed"],
      ["empty.json", "failed"],
      ["ok.json", "queued"],
    ]);
    expect(data[0].failureReason).toMatch(/larger than the 1(\.0+)? MiB upload limit/);
    expect(data[1].failureReason).toBe("The file is empty.");
    await waitFor([data[2].id]);
    const ok = await db.upload.findUniqueOrThrow({ where: { id: data[2].id } });
    expect(ok.eventsInserted).toBe(1);
    // Nothing of the refused file is kept on disk.
    await expect(readFile(path.join(dataDir, "uploads", data[0].id))).rejects.toThrow();
  });

  it("a request cut off mid-file (a cancelled upload) leaves no partial file and no upload", async () => {
    const before = await db.upload.count();
    const boundary = "----trailtriage-test";
    const head = Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="cut.json"\r\ncontent-type: application/json\r\n\r\n`,
    );
    for (const raw of [false, true]) {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0) controller.enqueue(raw ? s3File([40]) : new Uint8Array(head));
          else if (sent < 4) controller.enqueue(new Uint8Array(Buffer.alloc(64 * 1024, 0x20)));
          else controller.error(new Error("aborted"));
          sent++;
        },
      });
      const response = await post(raw ? "/api/v1/uploads?filename=cut.json" : "/api/v1/uploads", body, {
        ...(raw ? auth.ingest : auth.analyst),
        "content-type": raw ? "application/json" : `multipart/form-data; boundary=${boundary}`,
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toMatch(/interrupted/);
    }
    expect(await db.upload.count()).toBe(before);
    const left = (await readdir(path.join(dataDir, "uploads"))).filter((name) => name.endsWith(".part"));
    expect(left).toEqual([]);
  });

  describe("?bundle=: a folder as one upload", () => {
    it("stores every file of the form as one upload named after the folder; a broken file is reported by its path", async () => {
      const before = await db.upload.count();
      const response = await post(
        "/api/v1/uploads?bundle=cloudtrail",
        multipart([
          { name: "AWSLogs/111122223333/CloudTrail/us-east-1/a.json.gz", body: gzipSync(s3File([101, 102])) },
          { name: "AWSLogs/111122223333/CloudTrail/us-east-1/b.json", body: s3File([103]) },
          {
            name: "AWSLogs/111122223333/CloudTrail/us-east-1/c.json.gz",
            body: gzipSync(s3File([104])).subarray(0, 12),
          },
          { name: "../../../../etc/passwd", body: "root:x:0:0" },
        ]),
        auth.analyst,
      );
      expect(response.status).toBe(202);
      const { data } = await response.json();
      expect(data).toEqual([{ id: expect.any(String), filename: "cloudtrail/", status: "queued" }]);
      expect(await db.upload.count()).toBe(before + 1);
      await waitFor([data[0].id]);
      const { body } = await getJson(routes.detail, `/api/v1/uploads/${data[0].id}`, auth.analyst, { id: data[0].id });
      expect(body).toMatchObject({
        filename: "cloudtrail/",
        format: "folder: s3-records ×2",
        status: "done",
        filesRead: 2,
        eventsParsed: 3,
        eventsInserted: 3,
        errorsTotal: 1,
        skippedTotal: 1,
      });
      expect(body.errors).toEqual([
        {
          where: "cloudtrail/AWSLogs/111122223333/CloudTrail/us-east-1/c.json",
          message: expect.stringMatching(/cut short/),
        },
      ]);
      // The climbing name was kept inside the folder, and is reported there.
      expect(body.skipped).toEqual([
        { path: "cloudtrail/etc/passwd", reason: expect.stringMatching(/^not a CloudTrail export/) },
      ]);
      // One audit entry for the folder, not one per file.
      const audit = await db.auditLog.findMany({ where: { action: "upload.created", targetId: data[0].id } });
      expect(audit).toHaveLength(1);
    });

    it("the same folder again stores nothing twice", async () => {
      const form = () =>
        multipart([
          { name: "x/one.json", body: s3File([201, 202]) },
          { name: "x/two.json", body: s3File([202, 203]) },
        ]);
      const first = (await (await post("/api/v1/uploads?bundle=x", form(), auth.ingest)).json()).data[0];
      await waitFor([first.id]);
      const second = (await (await post("/api/v1/uploads?bundle=x", form(), auth.ingest)).json()).data[0];
      await waitFor([second.id]);
      const rows = await db.upload.findMany({
        where: { id: { in: [first.id, second.id] } },
        orderBy: { createdAt: "asc" },
      });
      expect(rows.map((row) => [row.eventsParsed, row.eventsInserted, row.eventsDuplicate])).toEqual([
        [4, 3, 1],
        [4, 0, 4],
      ]);
    });

    it("refuses a bad folder name or a body that is not a form with a 400, and keeps nothing", async () => {
      const before = await db.upload.count();
      const files = () => multipart([{ name: "a.json", body: s3File([301]) }]);
      const tooLong = await post(`/api/v1/uploads?bundle=${"a".repeat(100_000)}`, files(), auth.analyst);
      expect(tooLong.status).toBe(400);
      const blank = await post("/api/v1/uploads?bundle=%20%20", files(), auth.analyst);
      expect(blank.status).toBe(400);
      expect((await blank.json()).error.message).toMatch(/name the folder/);
      const raw = await post("/api/v1/uploads?bundle=x", s3File([302]), {
        ...auth.analyst,
        "content-type": "application/json",
      });
      expect(raw.status).toBe(400);
      expect((await raw.json()).error.message).toMatch(/needs a multipart form/);
      const empty = new FormData();
      empty.append("note", "no files here");
      const noFiles = await post("/api/v1/uploads?bundle=x", empty, auth.analyst);
      expect(noFiles.status).toBe(400);
      expect((await noFiles.json()).error.message).toMatch(/no file field/);
      expect(await db.upload.count()).toBe(before);
    });

    it("a NUL or a path in the folder's name is cleaned, not stored", async () => {
      const response = await post(
        `/api/v1/uploads?bundle=${encodeURIComponent("/.//evil.example\u0000x")}`,
        multipart([{ name: "a.json", body: s3File([401]) }]),
        auth.analyst,
      );
      expect(response.status).toBe(202);
      const [upload] = (await response.json()).data;
      expect(upload.filename).toBe("evil.examplex/");
    });
  });

  it("is for analysts and ingest tokens only", async () => {
    const body = () => multipart([{ name: "x.json", body: s3File([30]) }]);
    expect((await post("/api/v1/uploads", body(), auth.viewer)).status).toBe(403);
    expect((await post("/api/v1/uploads", body(), auth.read)).status).toBe(403);
    // A cookie without a same-origin Origin is a cross-site request.
    expect((await post("/api/v1/uploads", body(), { cookie: auth.analyst.cookie as string })).status).toBe(403);
  });
});

describe("GET /api/v1/uploads", () => {
  it("lists uploads newest first, with counts per status, for viewers and ingest tokens", async () => {
    const expected = await db.upload.count();
    for (const who of [auth.viewer, auth.ingest]) {
      const { status, body } = await getJson(routes.list, "/api/v1/uploads?pageSize=2", who);
      expect(status).toBe(200);
      expect(body.total).toBe(expected);
      expect(body.data).toHaveLength(2);
      expect(Date.parse(body.data[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(body.data[1].createdAt));
      const counted = Object.values(body.counts as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(counted).toBe(expected);
    }
    const failed = await getJson(routes.list, "/api/v1/uploads?status=failed", auth.viewer);
    expect(failed.body.total).toBe(await db.upload.count({ where: { status: "failed" } }));
  });

  it("answers 404 for an unknown upload", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    expect((await getJson(routes.detail, `/api/v1/uploads/${id}`, auth.viewer, { id })).status).toBe(404);
    expect((await getJson(routes.detail, "/api/v1/uploads/nope", auth.viewer, { id: "nope" })).status).toBe(404);
  });
});
