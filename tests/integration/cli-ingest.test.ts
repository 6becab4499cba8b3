import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase, repoRoot, type TestDatabase } from "@/tests/support/databases";
import {
  consoleCsvText,
  gzip,
  s3RecordsText,
  syntheticEvents,
  tempFolder,
  uniquePrefix,
} from "@/tests/support/fixtures";

// `trailtriage ingest <files or folders…>`: a folder tree and a loose file, through the real command.

const run = promisify(execFile);
const bin = path.join(repoRoot, "bin", "trailtriage.mjs");

function ingest(args: string[], env: Record<string, string>) {
  return run(process.execPath, [bin, "ingest", ...args], {
    cwd: "/",
    env: { ...process.env, ...env, LOG_LEVEL: "warn" },
  }).then(
    (result) => ({ code: 0, ...result }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe("trailtriage ingest", () => {
  let database: TestDatabase;
  let db: PrismaClient;
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    folder = await tempFolder("cli-ingest");
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    await folder?.remove();
  });

  it("reads folders recursively and loose files, reports the counts, and exits 0", async () => {
    const prefix = uniquePrefix();
    const events = syntheticEvents(40, prefix);
    await folder.write("AWSLogs-a.json.gz", gzip(s3RecordsText(events.slice(0, 25))));
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(path.join(folder.dir, "nested", "deeper"), { recursive: true });
    await writeFile(path.join(folder.dir, "nested", "deeper", "b.json"), s3RecordsText(events.slice(20)));
    const csv = await tempFolder("cli-ingest-csv");
    const loose = await csv.write("event_history.csv", consoleCsvText(events.slice(0, 5)));
    const env = { DATABASE_URL: database.url, DATA_DIR: path.join(folder.dir, ".data") };
    // The app's own data folder, inside the folder given: a half-received upload left in it.
    await mkdir(path.join(folder.dir, ".data", "uploads"), { recursive: true });
    await writeFile(path.join(folder.dir, ".data", "uploads", "x.part"), "not a log");

    const result = await ingest([folder.dir, loose], env);
    expect(result.code).toBe(0);
    // 25 + 20 + 5 read; 40 distinct; the overlap (5) and the CSV rows (same events) are duplicates.
    // The folder is one upload (its two files), the loose file another.
    expect(result.stdout).toContain(
      "2 upload(s), 3 file(s) read: 50 events read, 40 new, 10 already stored, 0 rejected.",
    );
    // Every denied synthetic event is a discovery call by an IAM user's key, seconds apart: one signal per user.
    const attackers = new Set(
      events.filter((event) => event.errorCode).map((event) => (event.userIdentity as { arn: string }).arn),
    );
    expect(attackers.size).toBeGreaterThan(1);
    expect(result.stdout).toContain(`${attackers.size} signal(s) with events from these files.`);
    expect(await db.event.count()).toBe(40);
    const uploads = await db.upload.findMany({ where: { source: "cli" }, orderBy: { createdAt: "asc" } });
    // Named by the folder and by the file, wherever the command ran from (cwd is /), never by a path.
    expect(uploads.map((upload) => [upload.filename, upload.status, upload.filesRead])).toEqual([
      [`${path.basename(folder.dir)}/`, "done", 2],
      ["event_history.csv", "done", 1],
    ]);
    // The data folder inside the folder given (DATA_DIR here) is not read as logs.
    expect(uploads[0]?.skippedTotal).toBe(0);
    await csv.remove();
  });

  it("exits 1 and names the file when one is not CloudTrail; the others are still stored", async () => {
    const bad = await folder.write("notes.json", JSON.stringify({ hello: "world" }));
    const good = await folder.write("one.json", s3RecordsText(syntheticEvents(3)));
    const env = { DATABASE_URL: database.url, DATA_DIR: path.join(folder.dir, ".data") };
    const before = await db.event.count();
    const result = await ingest([bad, good], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/failed: .*notes\.json: not a CloudTrail export/);
    expect((await db.event.count()) - before).toBe(3);
  });

  it("says so when a path does not exist", async () => {
    const result = await ingest(["/no/such/folder"], { DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("/no/such/folder: no such file or folder");
  });
});
