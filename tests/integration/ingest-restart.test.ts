import { createReadStream } from "node:fs";
import path from "node:path";
import type PgBoss from "pg-boss";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { systemActor } from "@/lib/auth/audit";
import { acceptUpload } from "@/lib/ingest/accept";
import type { IngestLimits } from "@/lib/ingest/limits";
import { startQueue } from "@/lib/jobs/queue";
import { killChild, type RunningChild, startWorkerChild } from "@/tests/support/child-process";
import { tempFolder, writeLargeS3Gzip } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness, testLimits } from "@/tests/support/ingest";
import { expectExactSignals, expectExactSummaries } from "@/tests/support/synthetic-expect";

// Kill the worker for real (SIGKILL, mid-upload, in a process of its own) and start another: the upload
// carries on from its last committed batch and ends with every event stored exactly once, and counts
// that say so. Nothing lost, nothing twice (../shared/DOMAIN.md §5).

const GENERATED = 200_000;
const limits: IngestLimits = { ...testLimits, maxExpandedBytes: 1024 * 1024 * 1024 };

interface Snapshot {
  status: string;
  parsed: number;
  inserted: number;
  duplicate: number;
  rejected: number;
  errors: number;
  recordsDone: number;
  /** Rows in the events table from this upload, read in the same statement as the counters. */
  stored: number;
}

describe("restarting the worker mid-ingest", () => {
  let harness: IngestHarness;
  let queue: PgBoss;
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  const children = new Set<RunningChild>();

  beforeEach(async () => {
    harness = await createIngestHarness(limits);
    // Only sends jobs: the workers are the child processes.
    queue = await startQueue(harness.database.url, { worker: false });
    folder = await tempFolder("restart");
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

  async function snapshot(id: string): Promise<Snapshot> {
    // One statement, one snapshot: the counters and the rows they count are seen at the same moment.
    const rows = await harness.db.$queryRaw<Record<keyof Snapshot, unknown>[]>`
      SELECT u.status::text AS status, u.events_parsed AS parsed, u.events_inserted AS inserted,
             u.events_duplicate AS duplicate, u.events_rejected AS rejected, u.errors_total AS errors,
             u.records_done AS "recordsDone",
             (SELECT count(*) FROM events e WHERE e.upload_id = u.id) AS stored
        FROM uploads u WHERE u.id = ${id}::uuid`;
    const row = rows[0];
    if (!row) throw new Error(`upload ${id} not found`);
    return {
      status: String(row.status),
      parsed: Number(row.parsed),
      inserted: Number(row.inserted),
      duplicate: Number(row.duplicate),
      rejected: Number(row.rejected),
      errors: Number(row.errors),
      recordsDone: Number(row.recordsDone),
      stored: Number(row.stored),
    };
  }

  async function waitFor(
    id: string,
    condition: (state: Snapshot) => boolean,
    what: string,
    child: RunningChild,
    timeoutMs = 120_000,
  ): Promise<Snapshot> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await snapshot(id);
      if (condition(state)) return state;
      if (state.status === "done" || state.status === "failed") {
        throw new Error(`upload finished (${JSON.stringify(state)}) before ${what}; worker output:\n${child.output()}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** What a half-done upload must look like: the counters match the rows, and it waits to be resumed. */
  function expectConsistentPartial(state: Snapshot) {
    expect(state.status).toBe("processing");
    expect(state.inserted).toBeGreaterThan(0);
    expect(state.inserted).toBeLessThan(GENERATED);
    expect(state.stored).toBe(state.inserted);
    expect(state.parsed).toBe(state.inserted);
    expect(state.duplicate).toBe(0);
    // The checkpoint covers the file note and exactly the events committed, no more, no fewer.
    expect(state.recordsDone).toBe(state.parsed + 1);
  }

  async function killAndCheck(child: RunningChild, id: string): Promise<Snapshot> {
    await killChild(child);
    children.delete(child);
    expect(child.child.signalCode).toBe("SIGKILL");
    // A commit the dead worker had already sent may still land: let it, then look.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const state = await snapshot(id);
    expectConsistentPartial(state);
    // Nothing moves while no worker runs.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await snapshot(id)).toEqual(state);
    return state;
  }

  async function acceptLargeUpload(): Promise<{ id: string; prefix: string }> {
    const file = path.join(folder.dir, "111122223333_CloudTrail_us-east-1_20260101T0000Z_big.json.gz");
    const prefix = await writeLargeS3Gzip(file, GENERATED);
    const accepted = await acceptUpload(createReadStream(file), {
      db: harness.db,
      queue,
      dataDir: harness.dataDir,
      maxUploadBytes: limits.maxUploadBytes,
      filename: path.basename(file),
      origin: "cli",
      actor: systemActor("test"),
    });
    expect(accepted.status).toBe("queued");
    return { id: accepted.id, prefix };
  }

  async function expectExactlyOnce(id: string, prefix: string, child: RunningChild) {
    const final = await waitFor(id, (state) => state.status === "done", "the upload is done", child, 180_000);
    expect(final).toEqual({
      status: "done",
      parsed: GENERATED,
      inserted: GENERATED,
      duplicate: 0,
      rejected: 0,
      errors: 0,
      recordsDone: GENERATED + 1,
      stored: GENERATED,
    });
    const [table] = await harness.db.$queryRaw<{ total: bigint; keys: bigint; ours: bigint; orphans: bigint }[]>`
      SELECT count(*) AS total, count(DISTINCT event_key) AS keys,
             count(*) FILTER (WHERE event_id LIKE ${`${prefix}-%`}) AS ours,
             count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM raw_chunks r WHERE r.id = events.raw_chunk_id)) AS orphans
        FROM events`;
    expect(Number(table?.total)).toBe(GENERATED);
    expect(Number(table?.keys)).toBe(GENERATED);
    expect(Number(table?.ours)).toBe(GENERATED);
    // Every stored event can still be shown as it came: its raw chunk was committed with it.
    expect(Number(table?.orphans)).toBe(0);
    const upload = await harness.db.upload.findUniqueOrThrow({ where: { id } });
    expect(upload.failureReason).toBeNull();
    expect(upload.errors).toEqual([]);
    await expectExactSignals(harness.db, GENERATED);
    await expectExactSummaries(harness.db, GENERATED);
  }

  test("killed once: the next worker finishes it, every event stored exactly once", { timeout: 300_000 }, async () => {
    const { id, prefix } = await acceptLargeUpload();
    const first = await startWorker();
    // Well into the upload, while one batch is being stored and the next parsed.
    await waitFor(id, (state) => state.inserted >= 30_000 && state.status === "processing", "30,000 events", first);
    await killAndCheck(first, id);

    const second = await startWorker();
    await expectExactlyOnce(id, prefix, second);
  });

  test("killed twice: still every event exactly once", { timeout: 300_000 }, async () => {
    const { id, prefix } = await acceptLargeUpload();
    const first = await startWorker();
    // Right after the first commit, then well into the rest.
    await waitFor(id, (state) => state.inserted > 0 && state.status === "processing", "the first commit", first);
    const afterFirst = await killAndCheck(first, id);

    const second = await startWorker();
    await waitFor(
      id,
      (state) => state.inserted >= afterFirst.inserted + 30_000 && state.status === "processing",
      "progress after the first restart",
      second,
    );
    const afterSecond = await killAndCheck(second, id);
    expect(afterSecond.inserted).toBeGreaterThan(afterFirst.inserted);

    const third = await startWorker();
    await expectExactlyOnce(id, prefix, third);
  });
});
