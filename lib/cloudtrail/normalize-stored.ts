import { type ConsoleCsvRow, normalizeConsoleCsvRow } from "@/lib/cloudtrail/console-csv";
import { type NormalizeResult, normalizeEvent } from "@/lib/cloudtrail/normalize";

// A stored raw event back to its normalised form, exactly as ingestion produced it: raw chunks hold
// CloudTrail JSON (envelopes already removed) or, for console CSV exports, the row keyed by its header.

export function normalizeStored(raw: unknown): NormalizeResult {
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw) && "Event ID" in raw && !("eventID" in raw)) {
    return normalizeConsoleCsvRow(raw as ConsoleCsvRow);
  }
  return normalizeEvent(raw);
}
