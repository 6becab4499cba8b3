import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type PgBoss from "pg-boss";
import { createPool } from "@/lib/db/pool";
import { startDetection } from "@/lib/detection/engine/start";
import { startSummariser } from "@/lib/entities/summariser";
import type { IngestLimits } from "@/lib/ingest/limits";
import { isUploadFree, processUpload } from "@/lib/ingest/process";
import { enqueueUpload, INGEST_QUEUE, type IngestJob, startQueue } from "@/lib/ingest/queue";

// The ingest worker: takes upload jobs from the queue one at a time (one upload already keeps both
// cores busy) and, every few seconds, re-sends jobs for uploads that have none running: the ones a
// crashed process left half done, and any whose job was never sent. Re-sending is always safe (a
// queued upload has at most one waiting job; processing is idempotent and locked per upload).

const RECOVER_EVERY_MS = 10_000;
const CONCURRENT_UPLOADS = 3;
/** After this many failed attempts (database errors and the like), an upload is marked failed. */
const MAX_ATTEMPTS = 5;

export interface IngestWorker {
  boss: PgBoss;
  /** Re-sends jobs for unfinished uploads that nothing is working on. */
  recover(): Promise<number>;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  url: string;
  dataDir: string;
  limits: IngestLimits;
  log?: (message: string) => void;
  logError?: (message: string, error: unknown) => void;
  /** Match stored events and keep signals up to date (default). Off: ingest only (env DETECTION=off). */
  detection?: boolean;
  /** Entities with this many events keep facets (lib/entities/summarize.ts); tests lower it. */
  summaryDetailThreshold?: number;
}

/** Files a crashed request left half-received (never acknowledged, so nothing is lost by removing them). */
async function removeAbandonedParts(dataDir: string): Promise<void> {
  const dir = path.join(dataDir, "uploads");
  const names = await readdir(dir).catch(() => [] as string[]);
  const hourAgo = Date.now() - 3_600_000;
  for (const name of names.filter((entry) => entry.endsWith(".part"))) {
    const info = await stat(path.join(dir, name)).catch(() => null);
    if (info && info.mtimeMs < hourAgo) await rm(path.join(dir, name), { force: true });
  }
}

export async function startIngestWorker(options: WorkerOptions): Promise<IngestWorker> {
  await removeAbandonedParts(options.dataDir);
  const pool = createPool(options.url, 2 * CONCURRENT_UPLOADS + 2);
  const boss = await startQueue(options.url, { worker: true });
  const detection = options.detection === false ? null : await startDetection({ pool, boss, log: options.log });

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
        summaryDetailThreshold: options.summaryDetailThreshold,
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
  // once rather than after the polling interval: a folder of small S3 files is hundreds of short jobs.
  for (let slot = 0; slot < CONCURRENT_UPLOADS; slot++) {
    let workerId: string | null = null;
    workerId = await boss.work<IngestJob>(INGEST_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const job of jobs) await handle(job.data.uploadId);
      if (workerId) boss.notifyWorker(workerId);
    });
  }
  // Counts stored batches into the entity summaries in the background, together: what a crash left queued,
  // and events stored before the summaries existed, too.
  const summariser = startSummariser(pool, {
    detailThreshold: options.summaryDetailThreshold,
    logError: options.logError,
  });
  const recovered = await recover();
  if (recovered > 0) options.log?.(`Resuming ${recovered} unfinished upload(s)`);
  // Catching up on detection (a crash, a rule change) must not hold up the worker's start.
  detection?.check().catch((error) => options.logError?.("could not catch up on detection", error));
  const timer = setInterval(() => {
    recover().catch((error) => options.logError?.("could not check for unfinished uploads", error));
    detection?.check().catch((error) => options.logError?.("could not catch up on detection", error));
  }, RECOVER_EVERY_MS);
  timer.unref();

  return {
    boss,
    recover,
    async stop() {
      clearInterval(timer);
      await summariser.stop();
      await boss.stop({ graceful: false, close: true, wait: true, timeout: 2000 }).catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}
