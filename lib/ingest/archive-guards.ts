import path from "node:path";
import { Transform } from "node:stream";
import { formatBytes } from "@/lib/format";
import type { IngestLimits } from "@/lib/ingest/limits";
import type { IngestItem } from "@/lib/ingest/readers";

// What keeps an archive from hurting the worker: decompression bombs (total size, output per compressed
// byte), entry names that climb out of the folder, metadata that is not a log; and how a stream that
// stops early is reported, keeping what was read before.

/** Below this much output the ratio check stays quiet: small files compress very well. */
export const RATIO_GRACE_BYTES = 16 * 1024 * 1024;

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
  /**
   * Read only this share of a folder's files: its entries number i with i % count === index (a folder is
   * read by several readers at once; lib/ingest/process.ts). What belongs to no entry (a cut, a limit)
   * is reported by the reader with index 0 alone.
   */
  part?: { index: number; count: number };
}

/**
 * Counts what one decompressing stream produces, and stops it when the upload's decompressed total, or
 * this stream's own output per compressed byte, goes over its limit.
 */
export function expansionGuard(context: ExpandContext, compressed: { bytes: number }, label: string): Transform {
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

export function counter(onBytes: (bytes: number) => void): Transform {
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

export const isMacMetadata = (name: string) =>
  name.split("/").includes("__MACOSX") || path.posix.basename(name).startsWith("._") || name.endsWith(".DS_Store");

/** An entry's label: the archive's, then its path (a folder's label already ends with a slash). */
export const joinLabel = (label: string, name: string) =>
  label.endsWith("/") ? `${label}${name}` : `${label}/${name}`;

export function cutItem(label: string, error: Error): IngestItem {
  if (error instanceof LimitError) return { kind: "problem", where: label, message: error.message };
  const message = /unexpected end of file/i.test(error.message)
    ? "the compressed data is cut short (truncated gzip): the records read before the cut were kept"
    : `the compressed data could not be read further (${error.message}): the records read before were kept`;
  return { kind: "problem", where: label, message };
}
