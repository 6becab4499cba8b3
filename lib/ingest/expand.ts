import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, gunzipSync } from "node:zlib";
import * as tarStream from "tar-stream";
import { type Detected, detectFormat } from "@/lib/cloudtrail/detect-format";
import {
  counter,
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
import { isBundleName } from "@/lib/ingest/bundle-plan";
import { type IngestItem, readText } from "@/lib/ingest/readers";
import { readZip } from "@/lib/ingest/zip";

// An uploaded file to items, whatever it is: gzip, zip, tar (and any nesting of them, to a limit) around
// any export format. The format is read from the content; names only label messages. Limits guard
// against decompression bombs, oversized records, too many entries and unsafe entry names
// (lib/ingest/archive-guards.ts); zips are read by lib/ingest/zip.ts.

const HEAD_BYTES = 64 * 1024;
const MAX_NESTING = 4;

/**
 * The first bytes (for format detection) and the whole stream again. A stream that fails early (a gzip
 * cut inside its first 64 KiB) still yields what it gave, then the error, so the reader can keep the
 * records before the cut and report it.
 */
async function peek(
  source: AsyncIterable<Buffer>,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer>; failure: unknown }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  let failure: unknown = null;
  try {
    while (size < HEAD_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      taken.push(next.value);
      size += next.value.length;
    }
  } catch (error) {
    failure = error;
    done = true;
  }
  const head = Buffer.concat(taken);
  async function* rest() {
    if (head.length > 0) yield head;
    if (failure) throw failure;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, rest: rest(), failure };
}

/** An archive entry compressed to at most this is decompressed in one synchronous call. */
const SMALL_GZIP_BYTES = 1024 * 1024;

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

async function* once(buffer: Buffer): AsyncGenerator<Buffer> {
  yield buffer;
}

/**
 * A small gzip's content, or null when it is anything but a whole gzip within the limits (the upload's
 * decompressed total, and the ratio past the grace size): the streaming path then reads it and reports.
 */
function gunzipWithin(compressed: Buffer, context: ExpandContext): Buffer | null {
  const budget = context.limits.maxExpandedBytes - context.expandedBytes;
  const ratioCap = Math.max(RATIO_GRACE_BYTES, compressed.length * context.limits.maxExpansionRatio);
  try {
    return gunzipSync(compressed, { maxOutputLength: Math.max(1, Math.min(budget, ratioCap)) });
  } catch {
    return null;
  }
}

/** Items from a stream of unknown content, labelled `label`. Top-level rejection throws. */
async function* readAny(
  source: AsyncIterable<Buffer>,
  label: string,
  context: ExpandContext,
  depth: number,
  /** The source's size when known (an archive entry's): a small gzip is decompressed in one call. */
  size?: number,
): AsyncGenerator<IngestItem> {
  const { head, rest, failure } = await peek(source);
  // Nothing came before the stream failed (a gzip cut in its first bytes): that is the news, not "empty".
  if (head.length === 0 && failure) {
    yield cutItem(label, failure as Error);
    return;
  }
  const detected: Detected = detectFormat(head);
  if (detected.kind === "rejected") {
    // What came before the stream broke is not what the file holds: the break is the news.
    if (failure) {
      yield cutItem(label, failure as Error);
      return;
    }
    if (depth === 0) throw new NotCloudTrailError(detected.reason);
    yield { kind: "skip", path: label, reason: detected.reason };
    return;
  }
  if (detected.kind === "text") {
    if (detected.format !== "digest") yield { kind: "file", path: label, format: detected.format };
    let cut: Error | null = null;
    const guarded = (async function* () {
      try {
        yield* rest;
      } catch (error) {
        cut = error as Error;
      }
    })();
    yield* readText(guarded, detected.format, {
      path: label,
      maxRecordBytes: context.limits.maxRecordBytes,
      isCut: () => cut !== null,
    });
    if (cut) yield cutItem(label, cut);
    return;
  }
  if (depth >= MAX_NESTING) {
    yield { kind: "skip", path: label, reason: `archives nested more than ${MAX_NESTING} deep are not opened` };
    return;
  }
  if (detected.format === "gzip") {
    const inner = label.replace(/\.(gz|tgz)$/i, (match) => (match.toLowerCase() === ".tgz" ? ".tar" : ""));
    const innerLabel = inner === label ? `${label} (gunzipped)` : inner;
    let input: AsyncIterable<Buffer> = rest;
    if (size !== undefined && size <= SMALL_GZIP_BYTES) {
      // A folder's S3 files are a few KB each: one synchronous call costs a fraction of a stream's setup
      // and callbacks. Capped below the limits; anything unusual (a cut, a bomb) goes the streaming way,
      // which keeps the records before a cut and says why it stopped.
      const compressedBytes = await collect(rest);
      const inflated = gunzipWithin(compressedBytes, context);
      if (inflated) {
        context.expandedBytes += inflated.length;
        yield* readAny(once(inflated), innerLabel, context, depth + 1);
        return;
      }
      input = once(compressedBytes);
    }
    const compressed = { bytes: 0 };
    // Larger output chunks: fewer stream callbacks per megabyte.
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    const guard = expansionGuard(context, compressed, label);
    const counting = counter((bytes) => {
      compressed.bytes += bytes;
    });
    // Errors (a cut gzip, a bomb) end the stream; readAny's text branch reports them and keeps the rest.
    const output = counting.pipe(gunzip).pipe(guard);
    gunzip.on("error", (error) => output.destroy(error));
    const feed = Readable.from(input);
    feed.on("error", (error) => output.destroy(error));
    feed.pipe(counting);
    yield* readAny(output, innerLabel, context, depth + 1);
    return;
  }
  if (detected.format === "tar") {
    yield* readTar(rest, label, context, depth);
    return;
  }
  yield* readZip(rest, label, context, depth, null, readAny);
}

async function* readTar(
  source: AsyncIterable<Buffer>,
  label: string,
  context: ExpandContext,
  depth: number,
): AsyncGenerator<IngestItem> {
  const extract = tarStream.extract();
  const feeding = pipeline(source, extract).catch((error: Error) => error);
  const part = depth === 0 ? context.part : undefined;
  const ownsTheRest = !part || part.index === 0;
  let index = -1;
  try {
    for await (const entry of extract) {
      index++;
      if (part && index % part.count !== part.index) {
        // Another reader's file: its bytes are passed over, not decompressed; it still counts to the limit.
        const counted =
          entry.header.type === "file" && !entryNameProblem(entry.header.name) && !isMacMetadata(entry.header.name);
        if (counted && ++context.entries > context.limits.maxArchiveEntries) {
          throw new LimitError(
            `${label}: more than ${context.limits.maxArchiveEntries} entries; reading stopped there`,
          );
        }
        entry.resume();
        continue;
      }
      const name = entry.header.name;
      const where = joinLabel(label, name);
      if (entry.header.type !== "file") {
        if (entry.header.type !== "directory") {
          yield { kind: "skip", path: where, reason: `a ${entry.header.type} entry, not a file: not read` };
        }
        entry.resume();
        continue;
      }
      const problem = entryNameProblem(name) ?? (isMacMetadata(name) ? "macOS metadata, not a log file" : null);
      if (problem) {
        yield { kind: "skip", path: where, reason: problem };
        entry.resume();
        continue;
      }
      if (++context.entries > context.limits.maxArchiveEntries) {
        throw new LimitError(`${label}: more than ${context.limits.maxArchiveEntries} entries; reading stopped there`);
      }
      yield* readAny(entry as AsyncIterable<Buffer>, where, context, depth + 1, entry.header.size ?? undefined);
      entry.resume();
    }
  } catch (error) {
    if (ownsTheRest) yield cutItem(label, error as Error);
  }
  const failure = await feeding;
  if (failure instanceof Error && ownsTheRest) yield cutItem(label, failure);
}

async function* nothing(): AsyncGenerator<Buffer> {}

/** Every item of a stored upload. Throws NotCloudTrailError when the upload itself is not readable. */
export async function* readUploadFile(
  file: string,
  displayName: string,
  context: ExpandContext,
): AsyncGenerator<IngestItem> {
  const handle = await open(file, "r");
  const head = Buffer.alloc(512);
  let length = 0;
  try {
    ({ bytesRead: length } = await handle.read(head, 0, head.length, 0));
  } finally {
    await handle.close();
  }
  const outer = detectFormat(head.subarray(0, length));
  context.container =
    outer.kind !== "container"
      ? null
      : outer.format === "tar" && isBundleName(displayName)
        ? "folder"
        : outer.format === "gzip" && /\.(tgz|tar\.gz)$/i.test(displayName)
          ? "tar.gz"
          : outer.format;
  // A zip is read by random access (yauzl); progress then moves entry by entry.
  if (context.container === "zip") {
    yield* readZip(nothing(), displayName, context, 0, file, readAny);
    return;
  }
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  const counted = stream.pipe(
    counter((bytes) => {
      context.bytesRead += bytes;
    }),
  );
  stream.on("error", (error) => counted.destroy(error));
  yield* readAny(counted as AsyncIterable<Buffer>, displayName, context, 0);
}
