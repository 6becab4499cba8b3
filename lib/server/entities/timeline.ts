import "server-only";
import type { Db } from "@/lib/db/client";
import { IS_DENIED } from "@/lib/entities/facet-sql";
import { type EntityKind, entityColumn, entityKey } from "@/lib/entities/kinds";
import {
  BUCKETS,
  type Bucket,
  bucketCount,
  bucketOf,
  bucketStarts,
  chooseBucket,
  HOUR_MS,
  MAX_BUCKETS,
  splitRange,
  type Window,
} from "@/lib/entities/time-range";
import { AppError } from "@/lib/errors";

// An entity's activity over time: allowed, denied and otherwise failed calls per bucket, for the chart
// every view opens with. For a detailed (busy) entity, buckets of an hour or more add up the hourly
// summaries, with the part-hours at the ends counted from the events; finer buckets, and every entity below
// the detail threshold (a few thousand events at most), count the events themselves.

export interface TimelineBucket {
  start: string;
  allowed: number;
  denied: number;
  failed: number;
}

export interface Timeline {
  bucket: Bucket;
  from: string;
  to: string;
  buckets: TimelineBucket[];
}

interface CountRow {
  bucket: Date;
  events: number;
  denied: number;
  errors: number;
}

function fromEvents(db: Db, kind: EntityKind, value: string, windows: Window[], bucket: Bucket): Promise<CountRow[]> {
  const params: unknown[] = [value, BUCKETS[bucket] / 1000];
  const within = windows
    .map((w) => {
      params.push(w.start, w.end);
      return `(e.event_time >= $${params.length - 1} AND e.event_time < $${params.length})`;
    })
    .join(" OR ");
  return db.$queryRawUnsafe<CountRow[]>(
    `SELECT to_timestamp(floor(extract(epoch FROM e.event_time) / $2) * $2) AS bucket, count(*)::float8 AS events,
            count(*) FILTER (WHERE ${IS_DENIED})::float8 AS denied,
            count(*) FILTER (WHERE e.error_code IS NOT NULL)::float8 AS errors
       FROM events e WHERE e.${entityColumn[kind]} = $1 AND (${within})
      GROUP BY 1`,
    ...params,
  );
}

function fromHours(db: Db, kind: EntityKind, value: string, hours: Window, bucket: Bucket): Promise<CountRow[]> {
  return db.$queryRawUnsafe<CountRow[]>(
    `SELECT to_timestamp(floor(extract(epoch FROM hour) / $4) * $4) AS bucket, sum(event_count)::float8 AS events,
            sum(denied_count)::float8 AS denied, sum(error_count)::float8 AS errors
       FROM entity_hours WHERE entity_id = $1::uuid AND hour >= $2 AND hour < $3
      GROUP BY 1`,
    entityKey(kind, value),
    hours.start,
    hours.end,
    BUCKETS[bucket] / 1000,
  );
}

/** The window, with the bucket asked for or the one that draws it best; refuses more than MAX_BUCKETS. */
export function planTimeline(window: Window, bucket?: Bucket): Bucket {
  const chosen = bucket ?? chooseBucket(window);
  const count = bucketCount(window, chosen);
  if (count > MAX_BUCKETS) {
    throw new AppError(
      "INVALID_INPUT",
      `bucket: ${chosen} buckets over this range make ${count.toLocaleString("en-US")} bars; the most is ${MAX_BUCKETS.toLocaleString("en-US")}. Choose a larger bucket or a shorter range.`,
    );
  }
  return chosen;
}

export async function readTimeline(
  db: Db,
  options: { kind: EntityKind; value: string; window: Window; bucket: Bucket; isDetailed: boolean },
): Promise<Timeline> {
  const { kind, value, window, bucket } = options;
  let rows: CountRow[];
  if (options.isDetailed && BUCKETS[bucket] % HOUR_MS === 0) {
    const parts = splitRange(window);
    const [hours, edges] = await Promise.all([
      parts.hours ? fromHours(db, kind, value, parts.hours, bucket) : Promise.resolve([]),
      parts.edges.length > 0 ? fromEvents(db, kind, value, parts.edges, bucket) : Promise.resolve([]),
    ]);
    rows = [...hours, ...edges];
  } else {
    rows = await fromEvents(db, kind, value, [window], bucket);
  }
  const byStart = new Map<number, TimelineBucket>();
  for (const start of bucketStarts(window, bucket)) {
    byStart.set(start, { start: new Date(start).toISOString(), allowed: 0, denied: 0, failed: 0 });
  }
  for (const row of rows) {
    const slot = byStart.get(bucketOf(row.bucket.getTime(), bucket));
    if (!slot) continue;
    slot.allowed += row.events - row.errors;
    slot.denied += row.denied;
    slot.failed += row.errors - row.denied;
  }
  return {
    bucket,
    from: window.start.toISOString(),
    to: new Date(window.end.getTime() - 1).toISOString(),
    buckets: [...byStart.values()],
  };
}
