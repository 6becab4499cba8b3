import type { TextFormat } from "@/lib/cloudtrail/detect-format";

// How CloudTrail events come wrapped in each export format (../shared/DOMAIN.md §3): the array that holds
// them, the envelopes around one (EventBridge, CloudWatch Logs, lookup-events) and CloudTrail Lake's
// rows of single-column cells. The readers in lib/ingest split the bytes; this says what they hold.

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The event inside an envelope (EventBridge, CloudWatch Logs, lookup-events), or the value itself. */
export function unwrap(value: unknown): { value: unknown; text: string | null } | { error: string } {
  if (!isObject(value)) return { value, text: null };
  if (isObject(value.detail) && typeof value["detail-type"] === "string") return { value: value.detail, text: null };
  for (const key of ["CloudTrailEvent", "message"] as const) {
    const inner = value[key];
    if (typeof inner === "string" && value.eventID === undefined) {
      try {
        return { value: JSON.parse(inner), text: inner };
      } catch {
        return { error: `its ${key} is not JSON` };
      }
    }
  }
  return { value, text: null };
}

/** JSON text on one line, as raw chunks store it; pretty-printed records are compacted. */
export function oneLine(text: string | null, value: unknown): string {
  return text !== null && !text.includes("\n") && !text.includes("\r") ? text : JSON.stringify(value);
}

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** A CloudTrail Lake row, [{"col":"value"},…] with every value a string, to an event object. */
export function lakeRow(row: unknown): unknown {
  if (!Array.isArray(row)) return row;
  const event: Json = {};
  for (const cellObject of row) {
    if (!isObject(cellObject)) continue;
    for (const [column, value] of Object.entries(cellObject)) {
      let parsed: unknown = value;
      if (typeof value === "string" && /^[{[]/.test(value.trim())) {
        try {
          parsed = JSON.parse(value);
        } catch {
          parsed = value;
        }
      }
      // "userIdentity.arn" style columns nest; a column naming __proto__ and the like is not a CloudTrail
      // field, and would reach Object.prototype.
      const path = column.split(".");
      if (path.some((part) => UNSAFE_KEYS.has(part))) continue;
      let target = event;
      for (const part of path.slice(0, -1)) {
        if (!isObject(target[part])) target[part] = {};
        target = target[part] as Json;
      }
      target[path.at(-1) as string] = parsed;
    }
  }
  return event;
}

const arrayKeys: Partial<Record<TextFormat, string | null>> = {
  "s3-records": "Records",
  "lookup-events": "Events",
  "lake-results": "QueryResultRows",
  "cloudwatch-logs": "logEvents",
  "json-array": null,
};

/** The key of the array that holds a format's events (null: the document is the array). */
export function eventArrayKey(format: TextFormat): string | null {
  return arrayKeys[format] ?? null;
}
