import { promisify } from "node:util";
import { deflateRaw, inflateRaw } from "node:zlib";
import { MAX_RECORD_DEPTH, nestsDeeperThan } from "@/lib/cloudtrail/depth";
import type { Db } from "@/lib/db/client";

// Raw events are stored per batch, not per row: one raw_chunks row holds a batch's events as JSON Lines
// compressed with raw deflate (level 1: ~330k events/s, ~9x smaller). Writing each event's JSON into its
// own row halved ingest throughput (24k vs 52k rows/s, measured on PostgreSQL 18 with the events indexes),
// so an event row points at (raw_chunk_id, raw_index) instead. Reading one event inflates its chunk
// (a few MB, a few ms); reading many groups them by chunk.

export const RAW_CHUNK_CODEC = "deflate-raw-jsonl";

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/** `lines`: each event's JSON text, without newlines (JSON text never holds a raw newline). */
export async function encodeRawChunk(lines: readonly string[]): Promise<Buffer> {
  return deflate(Buffer.from(lines.join("\n"), "utf8"), { level: 1 });
}

export async function decodeRawChunk(data: Uint8Array): Promise<string[]> {
  const text = (await inflate(data)).toString("utf8");
  return text === "" ? [] : text.split("\n");
}

export interface RawRef {
  rawChunkId: bigint;
  rawIndex: number;
}

/**
 * The stored JSON text of each referenced event, in the order asked; null where a chunk or line is
 * missing (which storage never produces). Chunks are read once each.
 */
export async function loadRawEvents(db: Db, refs: readonly RawRef[]): Promise<(string | null)[]> {
  const chunkIds = [...new Set(refs.map((ref) => ref.rawChunkId))];
  const chunks = new Map<bigint, string[]>();
  for (const chunk of await db.rawChunk.findMany({ where: { id: { in: chunkIds } } })) {
    chunks.set(chunk.id, await decodeRawChunk(chunk.data));
  }
  return refs.map((ref) => chunks.get(ref.rawChunkId)?.[ref.rawIndex] ?? null);
}

/** The most of a record's text the detail view sends when it cannot show the record as a tree. */
const MAX_RAW_TEXT = 256 * 1024;

/**
 * One event's stored JSON for the detail view: parsed (`raw`), or, when it cannot be shown as a tree (it
 * nests deeper than ingest now allows, which records stored before that limit can, or is not JSON), as
 * stored text (`rawText`, cut at 256 KB) so the view still shows it and never fails on it.
 */
export async function loadRawEvent(db: Db, ref: RawRef): Promise<{ raw: unknown; rawText: string | null }> {
  const [text] = await loadRawEvents(db, [ref]);
  if (text == null) return { raw: null, rawText: null };
  try {
    const value: unknown = JSON.parse(text);
    if (!nestsDeeperThan(value, MAX_RECORD_DEPTH)) return { raw: value, rawText: null };
  } catch {
    // shown as text below
  }
  return { raw: null, rawText: text.slice(0, MAX_RAW_TEXT) };
}
