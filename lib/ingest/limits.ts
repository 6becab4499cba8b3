import { env } from "@/lib/env";

// What one upload may be. Every limit has an environment variable (README, "Configuration").

export interface IngestLimits {
  maxUploadBytes: number;
  maxExpandedBytes: number;
  maxExpansionRatio: number;
  maxRecordBytes: number;
  maxArchiveEntries: number;
  /** How many errors an upload keeps in full; the rest are counted. */
  maxErrorsKept: number;
  /** How many skipped files an upload lists; the rest are counted. */
  maxSkippedKept: number;
}

export function ingestLimits(): IngestLimits {
  return {
    maxUploadBytes: env.MAX_UPLOAD_MB * 1024 * 1024,
    maxExpandedBytes: env.MAX_EXPANDED_MB * 1024 * 1024,
    maxExpansionRatio: env.MAX_EXPANSION_RATIO,
    maxRecordBytes: env.MAX_RECORD_KB * 1024,
    maxArchiveEntries: env.MAX_ARCHIVE_ENTRIES,
    maxErrorsKept: 100,
    maxSkippedKept: 200,
  };
}
