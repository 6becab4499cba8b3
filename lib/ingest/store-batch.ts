import type pg from "pg";
import type { NormalizedEvent } from "@/lib/cloudtrail/normalize";
import { EVENT_IDS_AFTER_SQL, queueSummary } from "@/lib/entities/summarize";
import { encodeRawChunk } from "@/lib/events/raw-chunks";
import { copyLine, type DedupeState, insertEvents } from "@/lib/ingest/copy-events";
import type { IngestStep, StoredEvent } from "@/lib/ingest/steps";

// One batch of an upload, committed whole: its new events, their raw chunk, the summaries' queue entry,
// what the steps (detection) do with it, and the upload's counters and checkpoint. A crash before the
// commit leaves nothing of it; after, all of it.

export interface Batch {
  events: { raw: string; event: NormalizedEvent }[];
  rejected: number;
  errors: { where: string; message: string }[];
  errorsTotal: number;
  /** The checkpoint this batch commits: its reader's records up to here, in reading order. */
  lastOrdinal: number;
  bytesRead: number;
}

/** Which reader a batch comes from, and where its checkpoint stood before the batch. */
export interface Checkpoint {
  /** The reader's number when a folder is read by several at once; null for the one reader of a file. */
  part: number | null;
  committed: number;
}

export interface Totals {
  parsed: number;
  inserted: number;
  duplicate: number;
  errorsTotal: number;
}

const DEADLOCK_DETECTED = "40P01";
const DEADLOCK_ATTEMPTS = 5;

export async function storeBatch(
  client: pg.PoolClient,
  uploadId: string,
  dedupe: DedupeState,
  batch: Batch,
  totals: Totals,
  summary: { format: string | null; list: { path: string; reason: string }[]; total: number; filesRead: number },
  steps: readonly IngestStep[],
  checkpoint: Checkpoint,
): Promise<void> {
  let inserted = 0;
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
  for (let attempt = 1; ; attempt++) {
    try {
      inserted = await storeOnce();
      break;
    } catch (error) {
      // Two readers of one folder can each hold an event the other wants to store (the same event in
      // two of its files): PostgreSQL then stops one of the two transactions. It is tried again, after
      // looking up which events are stored by then.
      if ((error as { code?: string }).code !== DEADLOCK_DETECTED || attempt >= DEADLOCK_ATTEMPTS) throw error;
      dedupe.duplicatesSeen = true;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
  checkpoint.committed = batch.lastOrdinal;
  totals.parsed += batch.events.length;
  totals.inserted += inserted;
  totals.duplicate += batch.events.length - inserted;
  totals.errorsTotal += batch.errorsTotal;

  async function storeOnce(): Promise<number> {
    let inserted = 0;
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
          errors_total = errors_total + $6, errors = errors || $7::jsonb,
          records_done = records_done + ($8::bigint - $14::bigint),
          part_progress = CASE WHEN $15::text IS NULL THEN part_progress
                               ELSE jsonb_set(part_progress, ARRAY[$15::text], to_jsonb($8::bigint)) END,
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
          checkpoint.committed,
          checkpoint.part === null ? null : String(checkpoint.part),
        ],
      );
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
    return inserted;
  }
}
