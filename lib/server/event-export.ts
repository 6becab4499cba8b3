import "server-only";
import { type Db, getDb } from "@/lib/db/client";
import type { EventFilters } from "@/lib/events/filters";
import { decodeRawChunk } from "@/lib/events/raw-chunks";
import type { Prisma } from "@/lib/generated/prisma/client";
import { eventWhere, listSelect, newestFirst } from "@/lib/server/events";

// The events exports, as async generators that read in batches with keyset pagination (never OFFSET,
// never every row at once), so a million-event export holds one batch in memory.

/**
 * For the CSV export: the list columns of every matching event, newest first. Keyset on (eventTime, id);
 * the redundant `eventTime <= cursor` lets the event_time index start each batch where the last ended.
 */
export async function* eventRowsForExport(filters: EventFilters, batchSize = 2000) {
  const db = getDb();
  const base = eventWhere(filters);
  let cursor: { id: bigint; eventTime: Date } | undefined;
  for (;;) {
    const after: Prisma.EventWhereInput = cursor
      ? {
          eventTime: { lte: cursor.eventTime },
          OR: [{ eventTime: { lt: cursor.eventTime } }, { id: { lt: cursor.id } }],
        }
      : {};
    const batch = await db.event.findMany({
      where: { AND: [base, after] },
      select: listSelect,
      orderBy: newestFirst,
      take: batchSize,
    });
    yield* batch;
    const last = batch.at(-1);
    if (batch.length < batchSize || !last) return;
    cursor = { id: last.id, eventTime: last.eventTime };
  }
}

/** Decoded raw chunks, the few most recently used: id order visits a chunk's events together. */
class ChunkCache {
  private readonly chunks = new Map<bigint, string[]>();

  constructor(private readonly capacity = 4) {}

  async line(db: Db, chunkId: bigint, index: number): Promise<string | null> {
    let lines = this.chunks.get(chunkId);
    if (lines) this.chunks.delete(chunkId);
    else {
      const chunk = await db.rawChunk.findUnique({ where: { id: chunkId }, select: { data: true } });
      lines = chunk ? await decodeRawChunk(chunk.data) : [];
      if (this.chunks.size >= this.capacity) this.chunks.delete(this.chunks.keys().next().value as bigint);
    }
    this.chunks.set(chunkId, lines);
    return lines[index] ?? null;
  }
}

/**
 * For the JSON Lines export: the stored JSON text of every matching event, in the order they were
 * stored (row id). Raw events live in compressed chunks of consecutive rows, so this order inflates
 * each chunk about once; newest-first order would inflate a chunk again for every batch it spans.
 */
export async function* rawEventsForExport(filters: EventFilters, batchSize = 1000) {
  const db = getDb();
  const base = eventWhere(filters);
  const cache = new ChunkCache();
  let cursor: bigint | undefined;
  for (;;) {
    const batch = await db.event.findMany({
      where: cursor === undefined ? base : { AND: [base, { id: { gt: cursor } }] },
      select: { id: true, rawChunkId: true, rawIndex: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    for (const row of batch) {
      const line = await cache.line(db, row.rawChunkId, row.rawIndex);
      if (line !== null) yield line;
    }
    const last = batch.at(-1);
    if (batch.length < batchSize || !last) return;
    cursor = last.id;
  }
}
