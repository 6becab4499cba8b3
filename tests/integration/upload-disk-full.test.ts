import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Worker } from "@/lib/worker/start";
import { createMigratedDatabase, type TestDatabase } from "@/tests/support/databases";
import { s3RecordsText, syntheticEvents } from "@/tests/support/fixtures";
import { testLimits } from "@/tests/support/ingest";

// Issue 15, "Prove it: faults": the disk filling during an upload. The app's data folder is a small tmpfs of
// its own; a file larger than the space left fills it part way through. The client gets a clear 507 that
// says what to do, nothing of the upload is kept (no row, no partial file, no spooled folder file), and once
// there is space the same request is taken and ingested in full.
//
// Mounting needs root (CI and these machines run as root); elsewhere the test says why it does not run.

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ORIGIN = "http://localhost";
const EVENTS = 6000; // about 3.8 MB as JSON: more than the 2 MiB the disk has
let database: TestDatabase;
let dataDir: string;
let db: PrismaClient;
let worker: Worker;
let create: Handler;
let headers: Record<string, string>;

function canMount(): string | null {
  if (process.platform !== "linux") return "mounting a tmpfs needs Linux";
  if (process.getuid?.() !== 0) return "mounting a tmpfs needs root";
  return null;
}
const why = canMount();

function mountTmpfs(dir: string, size: string, remount = false) {
  execFileSync("mount", ["-t", "tmpfs", "-o", `${remount ? "remount," : ""}size=${size}`, "tmpfs", dir]);
}

const file = Buffer.from(s3RecordsText(syntheticEvents(EVENTS)));

function post(url: string, body: BodyInit, extra: Record<string, string> = {}) {
  const init = { method: "POST", body, headers: { ...headers, ...extra }, duplex: "half" } as ConstructorParameters<
    typeof NextRequest
  >[1];
  return create(new NextRequest(new URL(url, ORIGIN), init), { params: Promise.resolve({}) });
}

const folderForm = () => {
  const form = new FormData();
  for (const name of ["part-1.json", "part-2.json"]) {
    form.append("file", new Blob([new Uint8Array(file)], { type: "application/json" }), `logs/${name}`);
  }
  return form;
};

/** Every file left in the data folder, wherever it is. */
async function filesLeft(): Promise<string[]> {
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe.skipIf(why !== null)(`the disk filling during an upload${why ? ` (skipped: ${why})` : ""}`, () => {
  beforeAll(async () => {
    database = await createMigratedDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), "trailtriage-disk-full-"));
    mountTmpfs(dataDir, "2m");
    vi.stubEnv("DATABASE_URL", database.url);
    vi.stubEnv("DATA_DIR", dataDir);
    vi.stubEnv("MAX_UPLOAD_MB", "64");
    vi.resetModules();
    const [client, sessions, factories, route, workerModule] = await Promise.all([
      import("@/lib/db/client"),
      import("@/lib/auth/sessions"),
      import("@/tests/support/factories"),
      import("@/app/api/v1/uploads/route"),
      import("@/lib/worker/start"),
    ]);
    create = route.POST as Handler;
    db = client.getDb();
    const user = await factories.makeUser(db, { role: "analyst" });
    const session = await sessions.createSession(db, {
      userId: user.id,
      policy: { idleMs: 3_600_000, maxMs: 86_400_000 },
    });
    headers = { cookie: `${sessions.SESSION_COOKIE}=${session.token}`, origin: ORIGIN, host: "localhost" };
    worker = await workerModule.startWorker({ url: database.url, dataDir, limits: testLimits });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await db?.$disconnect();
    await database?.drop();
    if (dataDir) {
      try {
        execFileSync("umount", [dataDir]);
      } catch {}
      await rm(dataDir, { recursive: true, force: true });
    }
    vi.unstubAllEnvs();
  });

  it("a file: 507 that says what to do, nothing kept; with space, the same request is ingested", async () => {
    const full = await post("/api/v1/uploads?filename=big.json", new Uint8Array(file), {
      "content-type": "application/json",
    });
    expect(full.status).toBe(507);
    const body = await full.json();
    expect(body.error.code).toBe("INSUFFICIENT_STORAGE");
    expect(body.error.message).toMatch(/disk is full.*nothing of it was kept.*send it again/i);
    expect(await db.upload.count()).toBe(0);
    expect(await filesLeft()).toEqual([]);

    // A folder (one upload holding its files, spooled then packed): the same answer, nothing left either.
    const folder = await post("/api/v1/uploads?bundle=logs", folderForm());
    expect(folder.status).toBe(507);
    expect((await folder.json()).error.code).toBe("INSUFFICIENT_STORAGE");
    expect(await db.upload.count()).toBe(0);
    expect(await filesLeft()).toEqual([]);

    // Space is freed: the same requests are taken, and every event is stored.
    mountTmpfs(dataDir, "64m", true);
    const again = await post("/api/v1/uploads?filename=big.json", new Uint8Array(file), {
      "content-type": "application/json",
    });
    expect(again.status).toBe(202);
    const folderAgain = await post("/api/v1/uploads?bundle=logs", folderForm());
    expect(folderAgain.status).toBe(202);
    const ids = [
      ...((await again.json()) as { data: { id: string }[] }).data,
      ...((await folderAgain.json()) as { data: { id: string }[] }).data,
    ].map((upload) => upload.id);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const rows = await db.upload.findMany({ where: { id: { in: ids } } });
      if (rows.length === 2 && rows.every((row) => row.status === "done" || row.status === "failed")) {
        expect(rows.map((row) => row.status)).toEqual(["done", "done"]);
        // The file's events, and the folder's two copies of them: read in full, stored once.
        const read = new Map(rows.map((row) => [row.id, row.eventsInserted + row.eventsDuplicate]));
        expect([read.get(ids[0] as string), read.get(ids[1] as string)]).toEqual([EVENTS, 2 * EVENTS]);
        expect(rows.reduce((sum, row) => sum + row.eventsInserted, 0)).toBe(EVENTS);
        break;
      }
      if (Date.now() > deadline) throw new Error(`the uploads did not finish: ${JSON.stringify(rows)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await db.event.count()).toBe(EVENTS);
    expect(await db.upload.count()).toBe(2);
  });
});
