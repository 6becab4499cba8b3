import type { Queryable } from "@/lib/detection/engine/rules-store";
import { decodeRawChunk } from "@/lib/events/raw-chunks";

// Stored raw events for the detection engine, over plain pg (lib/events/raw-chunks.ts reads them
// through Prisma for the web pages). Each chunk is read and inflated once.

export interface PgRawRef {
  rawChunkId: string;
  rawIndex: number;
}

export async function loadRawTexts(db: Queryable, refs: readonly PgRawRef[]): Promise<(string | null)[]> {
  if (refs.length === 0) return [];
  const ids = [...new Set(refs.map((ref) => ref.rawChunkId))];
  const { rows } = await db.query<{ id: string; data: Buffer }>(
    "SELECT id::text, data FROM raw_chunks WHERE id = ANY($1::bigint[])",
    [ids],
  );
  const chunks = new Map<string, string[]>();
  for (const row of rows) chunks.set(row.id, await decodeRawChunk(row.data));
  return refs.map((ref) => chunks.get(ref.rawChunkId)?.[ref.rawIndex] ?? null);
}
