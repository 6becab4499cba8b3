import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import type PgBoss from "pg-boss";
import type { IngestLimits } from "@/lib/ingest/limits";
import { processUpload } from "@/lib/ingest/process";
import type { IngestSteps } from "@/lib/ingest/steps";
import { isUploadFree } from "@/lib/ingest/upload-lock";
import { enqueueUpload, INGEST_QUEUE, type IngestJob } from "@/lib/jobs/queue";

// The ingest side of a worker: takes upload jobs from the queue, several at a time, and re-sends jobs
// for uploads that have none running: the ones a crashed process left half done, and any whose job was
// never sent. Re-sending is always safe (a queued upload has at most one waiting job; processing is
// idempotent and locked per upload), so any number of workers, on any machines, can share the queue.
// What follows each batch (detection) comes in as steps; lib/worker/start.ts composes the two.

const CONCURRENT_UPLOADS = 3;
/** After this many failed attempts (database errors and the like), an upload is marked failed. */
const MAX_ATTEMPTS = 5;

export interface IngestConsumer {
  /** Re-sends jobs for unfinished uploads that nothing is working on; returns how many. */
  recover(): Promise<number>;
}

export interface IngestConsumerOptions {
  pool: pg.Pool;
  boss: PgBoss;
  dataDir: string;
  limits: IngestLimits;
  steps: IngestSteps;
  log?: (message: string) => void;
  logError?: (message: string, error: unknown) => void;
}

/** Connections the consumer needs from its pool: one per reader, two readers per folder upload. */
export const INGEST_CONNECTIONS = 2 * CONCURRENT_UPLOADS;

/** Files a crashed request left half-received (never acknowledged, so nothing is lost by removing them). */
export async function removeAbandonedParts(dataDir: string): Promise<void> {
  const dir = path.join(dataDir, "uploads");
  const names = await readdir(dir).catch(() => [] as string[]);
  const hourAgo = Date.now() - 3_600_000;
  for (const name of names.filter((entry) => entry.endsWith(".part"))) {
    const info = await stat(path.join(dir, name)).catch(() => null);
    if (info && info.mtimeMs < hourAgo) await rm(path.join(dir, name), { force: true });
  }
}

export async function startIngestConsumer(options: IngestConsumerOptions): Promise<IngestConsumer> {
  const { pool, boss } = options;

  async function recover(): Promise<number> {
    const { rows } = await pool.query<{ id: string; status: string }>(
      `SELECT id, status FROM uploads WHERE status IN ('queued', 'processing') ORDER BY created_at`,
    );
    let sent = 0;
    for (const row of rows) {
      if (row.status === "processing" && !(await isUploadFree(pool, row.id))) continue;
      await enqueueUpload(boss, row.id);
      sent++;
    }
    return sent;
  }

  async function handle(uploadId: string): Promise<void> {
    try {
      const outcome = await processUpload({
        pool,
        uploadId,
        dataDir: options.dataDir,
        limits: options.limits,
        log: options.log,
        steps: options.steps.all(),
      });
      if (outcome === "busy") options.log?.(`upload ${uploadId}: another worker has it`);
    } catch (error) {
      const { rows } = await pool.query<{ attempts: number }>("SELECT attempts FROM uploads WHERE id = $1", [uploadId]);
      const attempts = rows[0]?.attempts ?? 0;
      options.logError?.(`upload ${uploadId}: attempt ${attempts} failed`, error);
      if (attempts >= MAX_ATTEMPTS) {
        await pool.query(
          `UPDATE uploads SET status = 'failed', finished_at = now(),
                  failure_reason = $2 WHERE id = $1 AND status IN ('queued', 'processing')`,
          [uploadId, `Stopped after ${attempts} attempts: ${(error as Error).message}`],
        );
        return;
      }
      throw error; // the queue retries it, with back-off
    }
  }

  // Three uploads at a time: while one is being parsed, another's batch is being stored, so Node and
  // PostgreSQL each keep a core busy (an S3 file is usually a single batch, so one upload alone would
  // leave them taking turns: two gave +51%, three another +10%). After a job, the next is fetched at
  // once rather than after the polling interval.
  for (let slot = 0; slot < CONCURRENT_UPLOADS; slot++) {
    let workerId: string | null = null;
    workerId = await boss.work<IngestJob>(INGEST_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const job of jobs) await handle(job.data.uploadId);
      if (workerId) boss.notifyWorker(workerId);
    });
  }
  return { recover };
}
