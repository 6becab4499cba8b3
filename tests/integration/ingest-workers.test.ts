import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type PgBoss from "pg-boss";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { systemActor } from "@/lib/auth/audit";
import { acceptUpload } from "@/lib/ingest/accept";
import { uploadSources } from "@/lib/ingest/folder";
import type { IngestLimits } from "@/lib/ingest/limits";
import { startQueue } from "@/lib/jobs/queue";
import { killChild, type RunningChild, startWorkerChild } from "@/tests/support/child-process";
import { gzip, s3RecordsText, syntheticEvent, tempFolder, uniquePrefix } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness, testLimits } from "@/tests/support/ingest";
import { expectExactSignals, expectExactSummaries } from "@/tests/support/synthetic-expect";

// Two ingest workers in processes of their own on one database, as `WORKERS=2` or a second machine runs
// them, sharing folders sent as the CLI sends them (one upload holding each folder). One of the two is
// SIGKILLed at random points, 20 times, and replaced; folders overlap and one is sent twice. At the end
// every event is stored exactly once, every upload's counters say what it held, and the signals and
// summaries are what the events' recipe gives, counted here rather than by the engine.

const FILES = 50;
const PER_FILE = 2_000;
const GENERATED = FILES * PER_FILE;
const KILLS = 20;
const limits: IngestLimits = { ...testLimits, maxExpandedBytes: 1024 * 1024 * 1024 };

/** A seeded PRNG (mulberry32), so a failing run's kill points can be replayed. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("two workers on one database, one killed at random points", () => {
  let harness: IngestHarness;
  let queue: PgBoss;
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  const children = new Set<RunningChild>();

  beforeEach(async () => {
    harness = await createIngestHarness(limits);
    queue = await startQueue(harness.database.url, { worker: false });
    folder = await tempFolder("workers");
  });

  afterEach(async () => {
    for (const child of children) await killChild(child);
    children.clear();
    await queue?.stop({ graceful: false, close: true, wait: true, timeout: 2000 }).catch(() => {});
    await harness?.close();
    await folder?.remove();
  });

  async function startWorker(): Promise<RunningChild> {
    const child = await startWorkerChild({ url: harness.database.url, dataDir: harness.dataDir, limits });
    children.add(child);
    return child;
  }

  /** S3 files 0..FILES-1, file f holding the synthetic events f*PER_FILE … (f+1)*PER_FILE-1. */
  async function writeFiles(prefix: string): Promise<string[]> {
    const files: string[] = [];
    for (let f = 0; f < FILES; f++) {
      const events = Array.from({ length: PER_FILE }, (_, i) => syntheticEvent(prefix, f * PER_FILE + i));
      const name = path.join(
        folder.dir,
        "all",
        `111122223333_CloudTrail_us-east-1_20260101T${String(f).padStart(4, "0")}Z_${prefix}.json.gz`,
      );
      await mkdir(path.dirname(name), { recursive: true });
      await writeFile(name, gzip(s3RecordsText(events)));
      files.push(name);
    }
    return files;
  }

  /** A folder of the files from..to-1 (links would do, but a copy is what a user's folder is). */
  async function makeFolder(name: string, files: string[], from: number, to: number): Promise<string> {
    const dir = path.join(folder.dir, name);
    await mkdir(dir, { recursive: true });
    for (const file of files.slice(from, to))
      await writeFile(path.join(dir, path.basename(file)), await readFile(file));
    return dir;
  }

  async function sendFolder(dir: string): Promise<string> {
    const [source] = await uploadSources([dir], limits.maxUploadBytes);
    if (!source) throw new Error(`nothing in ${dir}`);
    const accepted = await acceptUpload(source.read(), {
      db: harness.db,
      queue,
      dataDir: harness.dataDir,
      maxUploadBytes: limits.maxUploadBytes,
      filename: source.name,
      origin: "cli",
      actor: systemActor("test"),
    });
    expect(accepted.status).toBe("queued");
    return accepted.id;
  }

  async function progress(): Promise<{ unfinished: number; parsed: number }> {
    const [row] = await harness.db.$queryRaw<{ unfinished: number; parsed: number }[]>`
      SELECT count(*) FILTER (WHERE status IN ('queued', 'processing'))::int AS unfinished,
             coalesce(sum(events_parsed), 0)::int AS parsed FROM uploads`;
    return row ?? { unfinished: 0, parsed: 0 };
  }

  test(`${KILLS} kills at random points while two workers share overlapping folders: every event exactly once`, {
    timeout: 600_000,
  }, async () => {
    const random = prng(0x14_0002);
    const prefix = uniquePrefix();
    const files = await writeFiles(prefix);
    // A = files 0..29, B = 20..49 (overlapping A by 10), and each sent again as the kills go on.
    const folders = [await makeFolder("A", files, 0, 30), await makeFolder("B", files, 20, 50)];
    const sent: { id: string; files: number }[] = [];
    const send = async (index: number) => {
      sent.push({ id: await sendFolder(folders[index % 2] as string), files: 30 });
    };

    const workers = [await startWorker(), await startWorker()];
    await send(0);
    await send(1);
    let kills = 0;
    let midUpload = 0;
    while (kills < KILLS) {
      // Always work to interrupt: when both workers are through, the next folder goes in again.
      if ((await progress()).unfinished === 0) await send(sent.length);
      // Wait for a commit since the last kill, then a random moment more, then kill one at random.
      const before = (await progress()).parsed;
      const deadline = Date.now() + 60_000;
      while ((await progress()).parsed === before && (await progress()).unfinished > 0) {
        if (Date.now() > deadline)
          throw new Error(`no progress in 60 s; outputs:\n${workers.map((w) => w.output()).join("\n---\n")}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 400)));
      const victim = Math.floor(random() * 2);
      if ((await progress()).unfinished > 0) midUpload++;
      await killChild(workers[victim] as RunningChild);
      children.delete(workers[victim] as RunningChild);
      kills++;
      workers[victim] = await startWorker();
    }
    expect(midUpload).toBeGreaterThanOrEqual(KILLS / 2);

    const ids = sent.map((upload) => upload.id);
    const uploads = await harness.waitForUploads(ids, 300_000);
    for (const upload of uploads) {
      expect(upload.status, upload.failureReason ?? "").toBe("done");
      // Each folder held 30 files of PER_FILE events: read exactly once each, whatever the kills.
      expect(upload.filesRead).toBe(30);
      expect(upload.eventsParsed).toBe(30 * PER_FILE);
      expect(upload.eventsInserted + upload.eventsDuplicate).toBe(30 * PER_FILE);
      expect(upload.errorsTotal).toBe(0);
    }
    // The first two folders cover every event once between them; everything after is a duplicate.
    const inserted = uploads.reduce((sum, upload) => sum + upload.eventsInserted, 0);
    expect(inserted).toBe(GENERATED);
    const [table] = await harness.db.$queryRaw<{ total: bigint; keys: bigint; orphans: bigint }[]>`
        SELECT count(*) AS total, count(DISTINCT event_key) AS keys,
               count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM raw_chunks r WHERE r.id = events.raw_chunk_id)) AS orphans
          FROM events`;
    expect({ total: Number(table?.total), keys: Number(table?.keys), orphans: Number(table?.orphans) }).toEqual({
      total: GENERATED,
      keys: GENERATED,
      orphans: 0,
    });
    await expectExactSignals(harness.db, GENERATED);
    await expectExactSummaries(harness.db, GENERATED);
  });
});
