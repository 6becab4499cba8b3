import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { NormalizedEvent } from "@/lib/cloudtrail/normalize";
import { EVENT_IDS_AFTER_SQL, queueSummary } from "@/lib/entities/summarize";
import { formatBytes } from "@/lib/format";
import { detectionSteps, type StoredEvent } from "@/lib/ingest/detection-hook";
import { type ExpandContext, NotCloudTrailError, readUploadFile } from "@/lib/ingest/expand";
import type { IngestLimits } from "@/lib/ingest/limits";
import { encodeRawChunk } from "@/lib/ingest/raw-chunks";
import type { IngestItem } from "@/lib/ingest/readers";

// One stored upload to events, exactly once and resumable.
//
// - Items are numbered in reading order (reading is deterministic for the same bytes). Each batch commits
//   its events, its counters and the number of items it covers (records_done) in one transaction, so
//   after a crash the job reads the file again, skips the items already committed, and carries on:
//   nothing lost, nothing counted twice.
// - Events are keyed on event_key (unique): a batch inserts with ON CONFLICT DO NOTHING, so re-uploads
//   and overlapping exports add nothing, and the counts say which were new and which were duplicates.
// - One session-level advisory lock per upload makes sure only one worker reads it at a time; the lock
//   goes with the connection if the process dies.
// - While one batch is being stored, the next is being parsed: PostgreSQL and Node each get a core.

const BATCH_EVENTS = 5000;
const BATCH_BYTES = 16 * 1024 * 1024;
/** Commit at least this often, so progress moves on slow or small inputs. */
const BATCH_MILLIS = 1000;
const LOCK_NAMESPACE = 72_707_370;

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
}

const COLUMNS = [
  "event_key",
  "event_id",
  "recipient_account_id",
  "event_time",
  "event_source",
  "event_name",
  "aws_region",
  "source_ip",
  "user_agent",
  "error_code",
  "error_message",
  "principal_arn",
  "principal_type",
  "principal_name",
  "account_id",
  "access_key_id",
  "credential_type",
  "read_only",
  "event_type",
  "request_id",
  "upload_id",
  "raw_chunk_id",
  "raw_index",
] as const;

const STAGE_TABLE = `CREATE TEMP TABLE IF NOT EXISTS ingest_stage (
  event_key text, event_id text, recipient_account_id text, event_time timestamptz, event_source text,
  event_name text, aws_region text, source_ip text, user_agent text, error_code text, error_message text,
  principal_arn text, principal_type text, principal_name text, account_id text, access_key_id text,
  credential_type "CredentialType", read_only boolean, event_type text, request_id text, upload_id uuid,
  raw_chunk_id bigint, raw_index integer
) ON COMMIT DELETE ROWS`;

/** COPY text format: backslash, tab, newline and carriage return escaped; NUL, which text cannot hold, replaced. */
function copyField(value: string | null): string {
  if (value === null) return "\\N";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters COPY needs escaped.
  return /[\\\t\n\r\u0000]/.test(value)
    ? // biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
      value.replace(/[\\\t\n\r\u0000]/g, (c) =>
        c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\uFFFD",
      )
    : value;
}

interface Batch {
  events: { raw: string; event: NormalizedEvent }[];
  rejected: number;
  errors: { where: string; message: string }[];
  errorsTotal: number;
  lastOrdinal: number;
  bytesRead: number;
}

interface Totals {
  parsed: number;
  inserted: number;
  duplicate: number;
  errorsTotal: number;
}

interface Summary {
  files: Map<string, number>;
  filesRead: number;
  skipped: { path: string; reason: string }[];
  skippedTotal: number;
  firstProblem: { where: string; message: string } | null;
  firstReject: { where: string; message: string } | null;
  rejects: number;
}

function formatSummary(files: Map<string, number>, container: string | null): string | null {
  if (files.size === 0) return container;
  const parts = [...files.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([format, n]) => (n > 1 ? `${format} ×${n}` : format));
  if (!container && files.size === 1 && [...files.values()][0] === 1) return parts[0] ?? null;
  return `${container ?? "files"}: ${parts.join(", ")}`;
}

/** Why an upload with no events failed, in words that lead with the cause. */
function failureOf(summary: Summary, filename: string): string {
  const located = (problem: { where: string; message: string }) =>
    problem.where === filename ? problem.message : `${problem.message} (${problem.where})`;
  if (summary.firstProblem) return located(summary.firstProblem);
  if (summary.firstReject) {
    const { where, message } = summary.firstReject;
    return `not a CloudTrail export: none of its ${summary.rejects} record(s) is a CloudTrail event (first, ${where}: ${message})`;
  }
  const skipped = summary.skipped[0];
  return `not a CloudTrail export: no file in it holds CloudTrail events (${summary.skippedTotal} skipped; first, ${skipped?.path}: ${skipped?.reason})`;
}

/** Whether no worker holds the upload (the lock goes with its connection when a process dies). */
export async function isUploadFree(pool: pg.Pool, uploadId: string): Promise<boolean> {
  const client = await pool.connect();
  try {
    const result = await client.query<{ free: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS free", [
      LOCK_NAMESPACE,
      uploadId,
    ]);
    const free = result.rows[0]?.free === true;
    if (free) await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_NAMESPACE, uploadId]);
    return free;
  } finally {
    client.release();
  }
}

export async function processUpload(options: ProcessOptions): Promise<ProcessOutcome> {
  const { pool, uploadId } = options;
  const client = await pool.connect();
  let locked = false;
  try {
    const lock = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked", [
      LOCK_NAMESPACE,
      uploadId,
    ]);
    locked = lock.rows[0]?.locked === true;
    if (!locked) return "busy";
    const found = await client.query(
      `UPDATE uploads SET status = 'processing', started_at = COALESCE(started_at, now()), heartbeat_at = now(),
              attempts = attempts + 1
        WHERE id = $1 AND status IN ('queued', 'processing')
        RETURNING filename, stored_path, records_done, events_parsed, events_inserted, events_duplicate,
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
    if (locked) await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_NAMESPACE, uploadId]);
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
    events_parsed: number;
    events_inserted: number;
    events_duplicate: number;
    errors_total: number;
    errors_kept: number;
  },
): Promise<ProcessOutcome> {
  const { uploadId, limits } = options;
  const file = path.resolve(options.dataDir, upload.stored_path);
  const resumeAfter = Number(upload.records_done);
  if (resumeAfter > 0) options.log?.(`upload ${uploadId}: resuming after ${resumeAfter} committed records`);
  const context: ExpandContext = {
    limits,
    bytesRead: 0,
    expandedBytes: 0,
    entries: 0,
    tmpDir: path.join(options.dataDir, "tmp"),
  };
  const totals: Totals = {
    parsed: upload.events_parsed,
    inserted: upload.events_inserted,
    duplicate: upload.events_duplicate,
    errorsTotal: upload.errors_total,
  };
  const summary: Summary = {
    files: new Map(),
    filesRead: 0,
    skipped: [],
    skippedTotal: 0,
    firstProblem: null,
    firstReject: null,
    rejects: 0,
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
    const format = formatSummary(summary.files, context.container ?? null);
    const skipped = { list: [...summary.skipped], total: summary.skippedTotal, filesRead: summary.filesRead };
    await storing;
    storing = storeBatch(client, uploadId, dedupe, current, totals, { format, ...skipped });
    // Not unhandled meanwhile: the next flush (or the end of the file) awaits it and rethrows.
    storing.catch(() => {});
  };

  let ordinal = 0;
  /** Errors already kept, or on their way in a batch: only the first ones are kept in full. */
  let errorsPlanned = upload.errors_kept;
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
        note(item);
        if (ordinal <= resumeAfter) continue;
        if (item.kind === "event") {
          batch.events.push({ raw: item.raw, event: item.event });
          batchBytes += item.raw.length;
        } else if (item.kind === "reject" || item.kind === "problem") {
          if (item.kind === "reject") batch.rejected++;
          batch.errorsTotal++;
          if (errorsPlanned < limits.maxErrorsKept) {
            errorsPlanned++;
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
      if (errorsPlanned < limits.maxErrorsKept) batch.errors.push({ where: upload.filename, message: error.message });
    }
    batch.lastOrdinal = Math.max(batch.lastOrdinal, ordinal, resumeAfter);
    await flush();
    await storing;
  } catch (error) {
    await storing.catch(() => {});
    throw error;
  }

  const failed = totals.parsed === 0 && (totals.errorsTotal > 0 || summary.skippedTotal > 0);
  const failureReason = failed ? failureOf(summary, upload.filename) : null;
  const { size } = await stat(file);
  // Detection finishes its work (signals) before the upload says done, so "done" means "triaged-ready".
  // The investigation views' summaries follow within a second or two (lib/entities/summariser.ts).
  for (const step of detectionSteps()) await step.onUploadDone(uploadId, options.pool);
  await client.query(
    `UPDATE uploads SET status = $2, finished_at = now(), failure_reason = $3, bytes_processed = $4, heartbeat_at = now()
      WHERE id = $1`,
    [uploadId, failed ? "failed" : "done", failureReason, size],
  );
  options.log?.(
    `upload ${uploadId}: ${failed ? `failed: ${failureReason}` : "done"}; ${totals.parsed} events parsed, ${totals.inserted} new, ${totals.duplicate} duplicates, ${totals.errorsTotal} errors, ${formatBytes(size)}`,
  );
  return failed ? "failed" : "done";
}

function copyLine(event: NormalizedEvent, uploadId: string, chunkId: string, index: number): string {
  const fields = [
    event.eventKey,
    event.eventId,
    event.recipientAccountId,
    event.eventTime.toISOString(),
    event.eventSource,
    event.eventName,
    event.awsRegion,
    event.sourceIp,
    event.userAgent,
    event.errorCode,
    event.errorMessage,
    event.principalArn,
    event.principalType,
    event.principalName,
    event.accountId,
    event.accessKeyId,
    event.credential.type,
    event.readOnly === null ? null : String(event.readOnly),
    event.eventType,
    event.requestId,
    uploadId,
    chunkId,
    String(index),
  ];
  return fields.map(copyField).join("\t");
}

async function copyInto(client: pg.PoolClient, table: string, columns: readonly string[], lines: string[]) {
  await pipeline(
    Readable.from([`${lines.join("\n")}\n`]),
    client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`)),
  );
}

const UNIQUE_VIOLATION = "23505";

/** Whether an upload has met events that were already stored: then each batch looks before it copies. */
interface DedupeState {
  duplicatesSeen: boolean;
}

/** COPY the given batch positions straight into events; false when one of them is already stored. */
async function tryCopy(client: pg.PoolClient, lines: readonly string[], positions: number[]): Promise<number[] | null> {
  await client.query("SAVEPOINT fast_copy");
  try {
    await copyInto(
      client,
      "events",
      COLUMNS,
      positions.map((index) => lines[index] as string),
    );
    await client.query("RELEASE SAVEPOINT fast_copy");
    return positions;
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    await client.query("ROLLBACK TO SAVEPOINT fast_copy");
    return null;
  }
}

/**
 * Stores a batch's new events; returns the positions (in the batch) of the ones stored.
 *
 * COPY is the cheapest way in, so it is tried first: straight away while the upload has met no stored
 * event (the usual case), after looking up which keys are already stored once it has. If another upload
 * stores one of the same events in between, the COPY hits the unique key and the batch falls back to
 * the staging table and INSERT … ON CONFLICT DO NOTHING, which is always right, only slower.
 */
async function insertEvents(
  client: pg.PoolClient,
  events: Batch["events"],
  /** Each event's COPY line, prepared before the transaction so PostgreSQL never waits for them. */
  lines: readonly string[],
  state: DedupeState,
): Promise<number[]> {
  const firstOfEachKey = (stored: Set<string>) => {
    const positions: number[] = [];
    events.forEach((entry, index) => {
      if (stored.has(entry.event.eventKey)) return;
      stored.add(entry.event.eventKey); // a key twice in one batch: the first is stored
      positions.push(index);
    });
    return positions;
  };
  if (!state.duplicatesSeen) {
    const copied = await tryCopy(client, lines, firstOfEachKey(new Set()));
    if (copied) return copied;
    state.duplicatesSeen = true;
  }
  const existing = await client.query<{ event_key: string }>(
    "SELECT event_key FROM events WHERE event_key = ANY($1::text[])",
    [events.map((entry) => entry.event.eventKey)],
  );
  const fresh = firstOfEachKey(new Set(existing.rows.map((row) => row.event_key)));
  if (fresh.length === 0) return [];
  const copied = await tryCopy(client, lines, fresh);
  if (copied) return copied;

  await client.query(STAGE_TABLE);
  await copyInto(client, "ingest_stage", COLUMNS, [...lines]);
  const result = await client.query<{ raw_index: number }>(
    `INSERT INTO events (${COLUMNS.join(", ")}) SELECT ${COLUMNS.join(", ")} FROM ingest_stage
     ON CONFLICT (event_key) DO NOTHING RETURNING raw_index`,
  );
  return result.rows.map((row) => row.raw_index);
}

async function storeBatch(
  client: pg.PoolClient,
  uploadId: string,
  dedupe: DedupeState,
  batch: Batch,
  totals: Totals,
  summary: { format: string | null; list: { path: string; reason: string }[]; total: number; filesRead: number },
): Promise<void> {
  let inserted = 0;
  const steps = detectionSteps();
  // Everything Node has to do for the batch happens before the transaction (the chunk id comes from a
  // sequence, which transactions do not roll back), so the database never waits on JavaScript; the
  // compression runs on libuv's threads meanwhile.
  let chunkId: string | null = null;
  let idsAfter = "0";
  let lines: string[] = [];
  let raw: Promise<Buffer> | null = null;
  if (batch.events.length > 0) {
    raw = encodeRawChunk(batch.events.map((entry) => entry.raw));
    raw.catch(() => {});
    const chunk = await client.query<{ id: string; ids_after: string }>(
      `SELECT nextval(pg_get_serial_sequence('raw_chunks', 'id'))::text AS id, ${EVENT_IDS_AFTER_SQL} AS ids_after`,
    );
    chunkId = chunk.rows[0]?.id as string;
    idsAfter = chunk.rows[0]?.ids_after as string;
    const id = chunkId;
    lines = batch.events.map((entry, index) => copyLine(entry.event, uploadId, id, index));
  }
  await client.query("BEGIN");
  try {
    // The batch and its checkpoint commit together, so losing the last commits in a crash only means
    // reading those records again; not waiting for each WAL flush is safe here.
    await client.query("SET LOCAL synchronous_commit = off");
    if (raw && chunkId) {
      const stored = await insertEvents(client, batch.events, lines, dedupe);
      inserted = stored.length;
      if (inserted > 0) {
        await client.query("INSERT INTO raw_chunks (id, upload_id, event_count, data) VALUES ($1, $2, $3, $4)", [
          chunkId,
          uploadId,
          batch.events.length,
          await raw,
        ]);
        await queueSummary(client, chunkId, idsAfter);
      }
      if (steps.length > 0 && inserted > 0) {
        // The batch's own objects, given their raw text: copying thousands of events per batch cost
        // measurable throughput, and nothing reads them after this.
        const events: StoredEvent[] = stored.map((index) => {
          const entry = batch.events[index] as Batch["events"][number];
          return Object.assign(entry.event, { raw: entry.raw });
        });
        for (const step of steps) await step.onBatch(client, { uploadId, events });
      }
    }
    await client.query(
      `UPDATE uploads SET
          events_parsed = events_parsed + $2, events_inserted = events_inserted + $3,
          events_duplicate = events_duplicate + $4, events_rejected = events_rejected + $5,
          errors_total = errors_total + $6, errors = errors || $7::jsonb, records_done = $8,
          bytes_processed = GREATEST(bytes_processed, $9), format = COALESCE($10, format),
          skipped = $11::jsonb, skipped_total = $12, files_read = $13, heartbeat_at = now()
        WHERE id = $1`,
      [
        uploadId,
        batch.events.length,
        inserted,
        batch.events.length - inserted,
        batch.rejected,
        batch.errorsTotal,
        JSON.stringify(batch.errors),
        batch.lastOrdinal,
        batch.bytesRead,
        summary.format,
        JSON.stringify(summary.list),
        summary.total,
        summary.filesRead,
      ],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
  totals.parsed += batch.events.length;
  totals.inserted += inserted;
  totals.duplicate += batch.events.length - inserted;
  totals.errorsTotal += batch.errorsTotal;
}
