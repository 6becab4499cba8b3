import { rm, stat } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { formatBytes } from "@/lib/format";
import { type ExpandContext, NotCloudTrailError } from "@/lib/ingest/archive-guards";
import { isBundleName } from "@/lib/ingest/bundle-plan";
import type { DedupeState } from "@/lib/ingest/copy-events";
import { readUploadFile } from "@/lib/ingest/expand";
import type { IngestLimits } from "@/lib/ingest/limits";
import type { IngestItem } from "@/lib/ingest/readers";
import type { IngestStep } from "@/lib/ingest/steps";
import { type Batch, type Checkpoint, storeBatch, type Totals } from "@/lib/ingest/store-batch";
import { tryLockUpload, unlockUpload } from "@/lib/ingest/upload-lock";
import { failureOf, formatSummary, type Summary } from "@/lib/ingest/upload-summary";

// One stored upload to events, exactly once and resumable.
//
// - Items are numbered in reading order (reading is deterministic for the same bytes). Each batch commits
//   its events, its counters and the number of items it covers (records_done) in one transaction, so
//   after a crash the job reads the file again, skips the items already committed, and carries on:
//   nothing lost, nothing counted twice.
// - Events are keyed on event_key (unique): a batch inserts with ON CONFLICT DO NOTHING, so re-uploads
//   and overlapping exports add nothing, and the counts say which were new and which were duplicates.
// - One advisory lock per upload (lib/ingest/upload-lock.ts) makes sure only one worker reads it at a time.
// - While one batch is being stored, the next is being parsed: PostgreSQL and Node each get a core.

const BATCH_EVENTS = 5000;
const BATCH_BYTES = 16 * 1024 * 1024;
/** Commit at least this often, so progress moves on slow or small inputs. */
const BATCH_MILLIS = 1000;
/** Readers of one folder upload at once: two keep a 2-core machine busy with one upload. */
const FOLDER_READERS = 2;

export type ProcessOutcome = "done" | "failed" | "busy" | "finished-already" | "missing";

export interface ProcessOptions {
  pool: pg.Pool;
  uploadId: string;
  dataDir: string;
  limits: IngestLimits;
  /** Remove the stored file once its events are in (the default). */
  keepFile?: boolean;
  /** Entities with this many events keep facets (lib/entities/summarize.ts); tests lower it. */
  summaryDetailThreshold?: number;
  log?: (message: string) => void;
  /** What follows each stored batch and each finished upload (detection): lib/ingest/steps.ts. */
  steps?: readonly IngestStep[];
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function processUpload(options: ProcessOptions): Promise<ProcessOutcome> {
  const { pool, uploadId } = options;
  const client = await pool.connect();
  let locked = false;
  try {
    locked = await tryLockUpload(client, uploadId);
    if (!locked) return "busy";
    const found = await client.query(
      `UPDATE uploads SET status = 'processing', started_at = COALESCE(started_at, now()), heartbeat_at = now(),
              attempts = attempts + 1
        WHERE id = $1 AND status IN ('queued', 'processing')
        RETURNING filename, stored_path, records_done, part_progress, events_parsed, events_inserted, events_duplicate,
                  errors_total, jsonb_array_length(errors) AS errors_kept`,
      [uploadId],
    );
    const upload = found.rows[0];
    if (!upload) {
      const exists = await client.query("SELECT 1 FROM uploads WHERE id = $1", [uploadId]);
      return exists.rowCount ? "finished-already" : "missing";
    }
    const outcome = await ingest(client, options, upload);
    if (outcome === "done" && !options.keepFile) {
      await rm(path.resolve(options.dataDir, upload.stored_path), { force: true });
    }
    return outcome;
  } finally {
    if (locked) await unlockUpload(client, uploadId);
    client.release();
  }
}

async function ingest(
  client: pg.PoolClient,
  options: ProcessOptions,
  upload: {
    filename: string;
    stored_path: string;
    records_done: string;
    part_progress: Record<string, number>;
    events_parsed: number;
    events_inserted: number;
    events_duplicate: number;
    errors_total: number;
    errors_kept: number;
  },
): Promise<ProcessOutcome> {
  const { uploadId } = options;
  const steps = options.steps ?? [];
  const file = path.resolve(options.dataDir, upload.stored_path);
  // A folder's files are shared between readers, each with a connection and a checkpoint of its own: one
  // upload then keeps both cores busy, as several uploads side by side do.
  const parts = isBundleName(upload.filename) ? FOLDER_READERS : 1;
  const totals: Totals = {
    parsed: upload.events_parsed,
    inserted: upload.events_inserted,
    duplicate: upload.events_duplicate,
    errorsTotal: upload.errors_total,
  };
  // One summary for every reader: each notes all of its items, those before its checkpoint too, so
  // together they describe the whole upload whichever of them committed what.
  const summary: Summary = {
    files: new Map(),
    filesRead: 0,
    skipped: [],
    skippedTotal: 0,
    firstProblem: null,
    firstReject: null,
    rejects: 0,
  };
  const shared: SharedState = { totals, summary, errorsPlanned: upload.errors_kept, container: null };
  if (parts === 1) {
    const resumeAfter = Number(upload.records_done);
    if (resumeAfter > 0) options.log?.(`upload ${uploadId}: resuming after ${resumeAfter} committed records`);
    await readPart(client, options, upload, shared, { part: null, committed: resumeAfter }, steps);
  } else {
    const extra = await Promise.all(Array.from({ length: parts - 1 }, () => options.pool.connect()));
    try {
      // Every reader runs to its end before the connections go back, even when one fails: what the
      // others committed is kept, and the job's next attempt resumes each from its own checkpoint.
      const outcomes = await Promise.allSettled(
        Array.from({ length: parts }, (_, index) => {
          const committed = Number(upload.part_progress[String(index)] ?? 0);
          if (committed > 0) options.log?.(`upload ${uploadId}: reader ${index} resuming after ${committed} records`);
          const connection = index === 0 ? client : (extra[index - 1] as pg.PoolClient);
          return readPart(connection, options, upload, shared, { part: index, committed }, steps, parts);
        }),
      );
      const failure = outcomes.find((outcome) => outcome.status === "rejected");
      if (failure) throw (failure as PromiseRejectedResult).reason;
    } finally {
      for (const connection of extra) connection.release();
    }
  }

  const failed = totals.parsed === 0 && (totals.errorsTotal > 0 || summary.skippedTotal > 0);
  const failureReason = failed ? failureOf(summary, upload.filename) : null;
  const { size } = await stat(file);
  // Detection finishes its work (signals) before the upload says done, so "done" means "triaged-ready".
  // The investigation views' summaries follow within a second or two (lib/entities/summariser.ts).
  for (const step of steps) await step.onUploadDone(uploadId, options.pool);
  // What the upload held, from every reader's notes (each batch wrote what its reader had seen by then).
  await client.query(
    `UPDATE uploads SET status = $2, finished_at = now(), failure_reason = $3, bytes_processed = $4, heartbeat_at = now(),
            format = COALESCE($5, format), files_read = $6, skipped = $7::jsonb, skipped_total = $8
      WHERE id = $1`,
    [
      uploadId,
      failed ? "failed" : "done",
      failureReason,
      size,
      formatSummary(summary.files, shared.container),
      summary.filesRead,
      JSON.stringify(summary.skipped),
      summary.skippedTotal,
    ],
  );
  options.log?.(
    `upload ${uploadId}: ${failed ? `failed: ${failureReason}` : "done"}; ${totals.parsed} events parsed, ${totals.inserted} new, ${totals.duplicate} duplicates, ${totals.errorsTotal} errors, ${formatBytes(size)}`,
  );
  return failed ? "failed" : "done";
}

/** What the readers of one upload share: its totals, what it held, and how many errors are kept in full. */
interface SharedState {
  totals: Totals;
  summary: Summary;
  /** Errors already kept, or on their way in a batch: only the first ones are kept in full. */
  errorsPlanned: number;
  container: string | null;
}

/**
 * One reader: the whole file, or (of a folder read by several) its share of the files, as batches on
 * its own connection, committing its own checkpoint. Items before the checkpoint are read again and
 * noted, not stored.
 */
async function readPart(
  client: pg.PoolClient,
  options: ProcessOptions,
  upload: { filename: string; stored_path: string },
  shared: SharedState,
  checkpoint: Checkpoint,
  steps: readonly IngestStep[],
  parts = 1,
): Promise<void> {
  const { uploadId, limits } = options;
  const { summary } = shared;
  const file = path.resolve(options.dataDir, upload.stored_path);
  const resumeAfter = checkpoint.committed;
  const context: ExpandContext = {
    limits: parts === 1 ? limits : { ...limits, maxExpandedBytes: Math.floor(limits.maxExpandedBytes / parts) },
    bytesRead: 0,
    expandedBytes: 0,
    entries: 0,
    tmpDir: path.join(options.dataDir, "tmp"),
    part: checkpoint.part === null ? undefined : { index: checkpoint.part, count: parts },
  };
  const newBatch = (): Batch => ({ events: [], rejected: 0, errors: [], errorsTotal: 0, lastOrdinal: 0, bytesRead: 0 });
  let batch = newBatch();
  let batchBytes = 0;
  let batchStarted = Date.now();
  let storing: Promise<void> = Promise.resolve();
  const dedupe: DedupeState = { duplicatesSeen: false };
  const flush = async () => {
    const current = batch;
    current.bytesRead = context.bytesRead;
    batch = newBatch();
    batchBytes = 0;
    batchStarted = Date.now();
    shared.container = context.container ?? null;
    const format = formatSummary(summary.files, shared.container);
    const skipped = { list: [...summary.skipped], total: summary.skippedTotal, filesRead: summary.filesRead };
    await storing;
    storing = storeBatch(client, uploadId, dedupe, current, shared.totals, { format, ...skipped }, steps, checkpoint);
    // Not unhandled meanwhile: the next flush (or the end of the file) awaits it and rethrows.
    storing.catch(() => {});
  };

  let ordinal = 0;
  const note = (item: IngestItem) => {
    if (item.kind === "file") {
      summary.filesRead++;
      summary.files.set(item.format, (summary.files.get(item.format) ?? 0) + 1);
    } else if (item.kind === "skip") {
      summary.skippedTotal++;
      if (summary.skipped.length < limits.maxSkippedKept)
        summary.skipped.push({ path: item.path, reason: item.reason });
    } else if (item.kind === "problem") {
      summary.firstProblem ??= { where: item.where, message: item.message };
    } else if (item.kind === "reject") {
      summary.rejects++;
      summary.firstReject ??= { where: item.where, message: item.message };
    }
  };

  try {
    try {
      for await (const item of readUploadFile(file, upload.filename, context)) {
        ordinal++;
        // Let the batch being stored hear back from PostgreSQL: reading runs on promises alone while
        // its input is in memory, which would keep the connection's replies waiting until it stops.
        if ((ordinal & 255) === 0) await yieldToIo();
        note(item);
        if (ordinal <= resumeAfter) continue;
        if (item.kind === "event") {
          batch.events.push({ raw: item.raw, event: item.event });
          batchBytes += item.raw.length;
        } else if (item.kind === "reject" || item.kind === "problem") {
          if (item.kind === "reject") batch.rejected++;
          batch.errorsTotal++;
          if (shared.errorsPlanned < limits.maxErrorsKept) {
            shared.errorsPlanned++;
            batch.errors.push({ where: item.where, message: item.message });
          }
        }
        batch.lastOrdinal = ordinal;
        if (
          batch.events.length >= BATCH_EVENTS ||
          batchBytes >= BATCH_BYTES ||
          Date.now() - batchStarted >= BATCH_MILLIS
        ) {
          await flush();
        }
      }
    } catch (error) {
      if (!(error instanceof NotCloudTrailError)) throw error;
      ordinal++;
      batch.lastOrdinal = Math.max(ordinal, resumeAfter);
      batch.errorsTotal++;
      summary.firstProblem = { where: upload.filename, message: error.message };
      if (shared.errorsPlanned < limits.maxErrorsKept) {
        shared.errorsPlanned++;
        batch.errors.push({ where: upload.filename, message: error.message });
      }
    }
    batch.lastOrdinal = Math.max(batch.lastOrdinal, ordinal, resumeAfter);
    await flush();
    await storing;
  } catch (error) {
    await storing.catch(() => {});
    throw error;
  }
}
