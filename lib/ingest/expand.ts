import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import * as tarStream from "tar-stream";
import yauzl from "yauzl";
import { type Detected, detectFormat } from "@/lib/cloudtrail/detect-format";
import { formatBytes } from "@/lib/format";
import { isBundleName } from "@/lib/ingest/bundle-plan";
import type { IngestLimits } from "@/lib/ingest/limits";
import { type IngestItem, readText } from "@/lib/ingest/readers";

// An uploaded file to items, whatever it is: gzip, zip, tar (and any nesting of them, to a limit) around
// any export format. The format is read from the content; names only label messages. Limits guard
// against decompression bombs, oversized records, too many entries and unsafe entry names.

const HEAD_BYTES = 64 * 1024;
const MAX_NESTING = 4;
/** Below this much output the ratio check stays quiet: small files compress very well. */
const RATIO_GRACE_BYTES = 16 * 1024 * 1024;

/** The upload itself is not CloudTrail: nothing in it can be read. */
export class NotCloudTrailError extends Error {
  override name = "NotCloudTrailError";
}

/** A limit that stops reading the upload (bombs, too many entries). What was read before stays. */
export class LimitError extends Error {
  override name = "LimitError";
}

export interface ExpandContext {
  limits: IngestLimits;
  /** Bytes of the stored upload read so far (progress). */
  bytesRead: number;
  /** Decompressed bytes produced so far, over every layer (the total-size limit). */
  expandedBytes: number;
  entries: number;
  /** Where nested archives are spilled so they can be read by random access. */
  tmpDir: string;
  /** The upload's outer layer (gzip, tar.gz, zip or tar; null for a plain file), set before the first item. */
  container?: string | null;
}

/**
 * The first bytes (for format detection) and the whole stream again. A stream that fails early (a gzip
 * cut inside its first 64 KiB) still yields what it gave, then the error, so the reader can keep the
 * records before the cut and report it.
 */
async function peek(source: AsyncIterable<Buffer>): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
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
  return { head, rest: rest() };
}

/**
 * Counts what one decompressing stream produces, and stops it when the upload's decompressed total, or
 * this stream's own output per compressed byte, goes over its limit.
 */
function expansionGuard(context: ExpandContext, compressed: { bytes: number }, label: string): Transform {
  let produced = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      context.expandedBytes += chunk.length;
      produced += chunk.length;
      const { maxExpandedBytes, maxExpansionRatio } = context.limits;
      if (context.expandedBytes > maxExpandedBytes) {
        callback(
          new LimitError(
            `${label}: decompressed data passed the ${formatBytes(maxExpandedBytes)} limit for one upload; reading stopped there`,
          ),
        );
        return;
      }
      const ratio = produced / Math.max(1, compressed.bytes);
      if (produced > RATIO_GRACE_BYTES && ratio > maxExpansionRatio) {
        callback(
          new LimitError(
            `${label}: decompresses more than ${maxExpansionRatio}:1, like a decompression bomb; reading stopped there`,
          ),
        );
        return;
      }
      callback(null, chunk);
    },
  });
}

function counter(onBytes: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
}

/** Why an archive entry name is not read, or null when it is fine. */
export function entryNameProblem(name: string): string | null {
  const normalised = name.replace(/\\/g, "/");
  if (normalised.startsWith("/") || /^[a-zA-Z]:/.test(normalised) || normalised.split("/").includes("..")) {
    return "an unsafe entry name (absolute, or climbing out with ..): not read";
  }
  return null;
}

const isMacMetadata = (name: string) =>
  name.split("/").includes("__MACOSX") || path.posix.basename(name).startsWith("._") || name.endsWith(".DS_Store");

/** Items from a stream of unknown content, labelled `label`. Top-level rejection throws. */
async function* readAny(
  source: AsyncIterable<Buffer>,
  label: string,
  context: ExpandContext,
  depth: number,
): AsyncGenerator<IngestItem> {
  const { head, rest } = await peek(source);
  const detected: Detected = detectFormat(head);
  if (detected.kind === "rejected") {
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
    const compressed = { bytes: 0 };
    const inner = label.replace(/\.(gz|tgz)$/i, (match) => (match.toLowerCase() === ".tgz" ? ".tar" : ""));
    // Larger output chunks: fewer stream callbacks per megabyte.
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    const guard = expansionGuard(context, compressed, label);
    const input = counter((bytes) => {
      compressed.bytes += bytes;
    });
    // Errors (a cut gzip, a bomb) end the stream; readAny's text branch reports them and keeps the rest.
    const output = input.pipe(gunzip).pipe(guard);
    gunzip.on("error", (error) => output.destroy(error));
    const feed = Readable.from(rest);
    feed.on("error", (error) => output.destroy(error));
    feed.pipe(input);
    yield* readAny(output, inner === label ? `${label} (gunzipped)` : inner, context, depth + 1);
    return;
  }
  if (detected.format === "tar") {
    yield* readTar(rest, label, context, depth);
    return;
  }
  yield* readZip(rest, label, context, depth, null);
}

/** An entry's label: the archive's, then its path (a folder's label already ends with a slash). */
const joinLabel = (label: string, name: string) => (label.endsWith("/") ? `${label}${name}` : `${label}/${name}`);

function cutItem(label: string, error: Error): IngestItem {
  if (error instanceof LimitError) return { kind: "problem", where: label, message: error.message };
  const message = /unexpected end of file/i.test(error.message)
    ? "the compressed data is cut short (truncated gzip): the records read before the cut were kept"
    : `the compressed data could not be read further (${error.message}): the records read before were kept`;
  return { kind: "problem", where: label, message };
}

async function* readTar(
  source: AsyncIterable<Buffer>,
  label: string,
  context: ExpandContext,
  depth: number,
): AsyncGenerator<IngestItem> {
  const extract = tarStream.extract();
  const feeding = pipeline(source, extract).catch((error: Error) => error);
  try {
    for await (const entry of extract) {
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
      yield* readAny(entry as AsyncIterable<Buffer>, where, context, depth + 1);
      entry.resume();
    }
  } catch (error) {
    yield cutItem(label, error as Error);
  }
  const failure = await feeding;
  if (failure instanceof Error) yield cutItem(label, failure);
}

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

async function* readZip(
  source: AsyncIterable<Buffer>,
  label: string,
  context: ExpandContext,
  depth: number,
  filePath: string | null,
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
        yield* readAny(guarded as AsyncIterable<Buffer>, where, context, depth + 1);
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
    yield* readZip(nothing(), displayName, context, 0, file);
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
