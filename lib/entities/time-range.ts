// Time ranges over the entity summaries, which count per hour. A range an analyst picks rarely starts
// or ends on the hour, so it is answered in up to three parts: the whole hours inside it from the
// summaries, and the part-hours at either end from the events themselves. Together they cover the range
// exactly once.
//
// Ranges here are half-open, [start, end). The API's `to` is inclusive, as the Events API's is; stored
// event times have millisecond precision, so `to` becomes end = to + 1 ms.

export const HOUR_MS = 3_600_000;

export interface Window {
  start: Date;
  end: Date;
}

export interface RangeParts {
  /** Whole hours, answered from the summaries; null when the range holds no whole hour. */
  hours: Window | null;
  /** Part-hours at the ends (at most two), answered from the events. */
  edges: Window[];
}

const floorTo = (time: number, step: number) => Math.floor(time / step) * step;
const ceilTo = (time: number, step: number) => Math.ceil(time / step) * step;

/** The half-open window for an API range, whose `to` is inclusive. */
export function windowOf(from: Date, to: Date): Window {
  return { start: from, end: new Date(to.getTime() + 1) };
}

export function splitRange(window: Window): RangeParts {
  const start = window.start.getTime();
  const end = window.end.getTime();
  if (end <= start) return { hours: null, edges: [] };
  const firstHour = ceilTo(start, HOUR_MS);
  const lastHourEnd = floorTo(end, HOUR_MS);
  if (firstHour >= lastHourEnd) return { hours: null, edges: [{ start: window.start, end: window.end }] };
  const edges: Window[] = [];
  if (start < firstHour) edges.push({ start: window.start, end: new Date(firstHour) });
  if (lastHourEnd < end) edges.push({ start: new Date(lastHourEnd), end: window.end });
  return { hours: { start: new Date(firstHour), end: new Date(lastHourEnd) }, edges };
}

/** Chart buckets, in milliseconds, from a minute to a week. */
export const BUCKETS = {
  "1m": 60_000,
  "5m": 5 * 60_000,
  "15m": 15 * 60_000,
  "1h": HOUR_MS,
  "3h": 3 * HOUR_MS,
  "6h": 6 * HOUR_MS,
  "12h": 12 * HOUR_MS,
  "1d": 24 * HOUR_MS,
  "7d": 7 * 24 * HOUR_MS,
} as const;
export type Bucket = keyof typeof BUCKETS;
export const bucketNames = Object.keys(BUCKETS) as Bucket[];

/** The most buckets one timeline answers: a chart is as wide as a screen. */
export const MAX_BUCKETS = 2_000;
/** The bucket chosen when none is asked for yields at most this many bars. */
const TARGET_BUCKETS = 120;

/** The smallest bucket that draws the window in at most TARGET_BUCKETS bars. */
export function chooseBucket(window: Window): Bucket {
  const span = window.end.getTime() - window.start.getTime();
  return bucketNames.find((name) => span / BUCKETS[name] <= TARGET_BUCKETS) ?? "7d";
}

/** Bucket starts covering the window, aligned to multiples of the bucket since the Unix epoch (UTC). */
export function bucketStarts(window: Window, bucket: Bucket): number[] {
  const step = BUCKETS[bucket];
  const starts: number[] = [];
  for (let time = floorTo(window.start.getTime(), step); time < window.end.getTime(); time += step) starts.push(time);
  return starts;
}

export function bucketCount(window: Window, bucket: Bucket): number {
  const step = BUCKETS[bucket];
  return Math.ceil((window.end.getTime() - floorTo(window.start.getTime(), step)) / step);
}

/** The start of the bucket holding `time`. */
export const bucketOf = (time: number, bucket: Bucket) => floorTo(time, BUCKETS[bucket]);
