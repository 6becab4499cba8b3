import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import { formatBytes } from "@/lib/format";
import {
  cutItem,
  type ExpandContext,
  entryNameProblem,
  expansionGuard,
  isMacMetadata,
  joinLabel,
  LimitError,
  NotCloudTrailError,
  RATIO_GRACE_BYTES,
} from "@/lib/ingest/archive-guards";
import type { IngestItem } from "@/lib/ingest/readers";

// Zip archives (random access, through yauzl): each entry checked against the guards, then read by the
// caller's reader for whatever it holds.

/** Reads one entry's bytes, whatever they are (lib/ingest/expand.ts: readAny). */
export type ReadEntry = (
  source: AsyncIterable<Buffer>,
  label: string,
  context: ExpandContext,
  depth: number,
  size?: number,
) => AsyncGenerator<IngestItem>;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      file,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: true },
      (error, zip) => (error || !zip ? reject(error) : resolve(zip)),
    ),
  );
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error) : resolve(stream))),
  );
}

async function* zipEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  let waiting: { resolve: (entry: yauzl.Entry | null) => void; reject: (error: Error) => void } | null = null;
  zip.on("entry", (entry: yauzl.Entry) => waiting?.resolve(entry));
  zip.on("end", () => waiting?.resolve(null));
  zip.on("error", (error: Error) => waiting?.reject(error));
  for (;;) {
    const next = new Promise<yauzl.Entry | null>((resolve, reject) => {
      waiting = { resolve, reject };
    });
    zip.readEntry();
    const entry = await next;
    if (!entry) return;
    yield entry;
  }
}

export async function* readZip(
  source: AsyncIterable<Buffer>,
  label: string,
  context: ExpandContext,
  depth: number,
  filePath: string | null,
  readAny: ReadEntry,
): AsyncGenerator<IngestItem> {
  let file = filePath;
  let spilled: string | null = null;
  if (!file) {
    // A zip needs random access: a nested one is written out first (its bytes count as expanded).
    await mkdir(context.tmpDir, { recursive: true });
    spilled = path.join(context.tmpDir, `${randomUUID()}.zip`);
    await pipeline(source, createWriteStream(spilled));
    file = spilled;
  }
  try {
    let zip: yauzl.ZipFile;
    try {
      zip = await openZip(file);
    } catch (error) {
      if (depth === 0) throw new NotCloudTrailError(`a damaged zip archive (${(error as Error).message})`);
      yield { kind: "skip", path: label, reason: `a damaged zip archive (${(error as Error).message})` };
      return;
    }
    try {
      for await (const entry of zipEntries(zip)) {
        const name = (entry.fileName as unknown as Buffer).toString("utf8");
        const where = joinLabel(label, name);
        if (name.endsWith("/")) continue;
        const problem =
          entryNameProblem(name) ??
          (isMacMetadata(name) ? "macOS metadata, not a log file" : null) ??
          ((entry.generalPurposeBitFlag & 0x1) !== 0 ? "encrypted: not read" : null);
        if (problem) {
          yield { kind: "skip", path: where, reason: problem };
          continue;
        }
        if (++context.entries > context.limits.maxArchiveEntries) {
          throw new LimitError(
            `${label}: more than ${context.limits.maxArchiveEntries} entries; reading stopped there`,
          );
        }
        const declaredRatio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
        if (entry.uncompressedSize > RATIO_GRACE_BYTES && declaredRatio > context.limits.maxExpansionRatio) {
          yield {
            kind: "problem",
            where,
            message: `declares ${formatBytes(entry.uncompressedSize)} from ${formatBytes(entry.compressedSize)} (over ${context.limits.maxExpansionRatio}:1), like a decompression bomb: not read`,
          };
          continue;
        }
        if (context.expandedBytes + entry.uncompressedSize > context.limits.maxExpandedBytes) {
          throw new LimitError(
            `${where}: would take the upload past ${formatBytes(context.limits.maxExpandedBytes)} decompressed; reading stopped there`,
          );
        }
        const stream = await openEntry(zip, entry);
        const compressed = { bytes: entry.compressedSize };
        const guarded = stream.pipe(expansionGuard(context, compressed, where));
        stream.on("error", (error) => guarded.destroy(error));
        yield* readAny(guarded as AsyncIterable<Buffer>, where, context, depth + 1, entry.compressedSize);
        if (depth === 0) context.bytesRead += entry.compressedSize;
      }
    } catch (error) {
      if (error instanceof LimitError) yield { kind: "problem", where: label, message: error.message };
      else yield cutItem(label, error as Error);
    } finally {
      zip.close();
    }
  } finally {
    if (spilled) await rm(spilled, { force: true });
  }
}
