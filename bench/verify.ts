import type pg from "pg";

// After a scenario: are all rows there (the numbers mean nothing otherwise), how big is the data, and how
// long was the worker between uploads rather than in one.

export async function verifyStored(monitor: pg.Pool, expected: number) {
  const problems: string[] = [];
  const count = await monitor.query<{ n: string }>("SELECT count(*)::text AS n FROM events");
  const stored = Number(count.rows[0]?.n ?? 0);
  if (stored !== expected) problems.push(`SELECT count(*) FROM events = ${stored}, expected ${expected}`);
  const uploads = await monitor.query<{
    failed: number;
    inserted: string;
    duplicate: string;
    errors: string;
    reason: string | null;
    span: number | null;
  }>(
    `SELECT count(*) FILTER (WHERE status <> 'done')::int AS failed, sum(events_inserted)::text AS inserted,
            sum(events_duplicate)::text AS duplicate, sum(errors_total)::text AS errors,
            min(failure_reason) AS reason, extract(epoch FROM max(finished_at) - min(created_at))::float8 AS span
       FROM uploads`,
  );
  const row = uploads.rows[0];
  if (row?.failed) problems.push(`${row.failed} upload(s) not done (first reason: ${row.reason})`);
  if (Number(row?.inserted) !== expected)
    problems.push(`uploads report ${row?.inserted} inserted, expected ${expected}`);
  if (Number(row?.duplicate) > 0) problems.push(`uploads report ${row?.duplicate} duplicates (ids should be unique)`);
  if (Number(row?.errors) > 0) problems.push(`uploads report ${row?.errors} errors`);
  const spans = await monitor.query<{ s: number; f: number }>(
    `SELECT extract(epoch FROM started_at)::float8 AS s, extract(epoch FROM finished_at)::float8 AS f
       FROM uploads WHERE finished_at IS NOT NULL ORDER BY started_at`,
  );
  const gaps = idleBetween(spans.rows);
  const sizes = await monitor.query<{ events: string; raw: string; db: string }>(
    `SELECT pg_total_relation_size('events')::text AS events, pg_total_relation_size('raw_chunks')::text AS raw,
            pg_database_size(current_database())::text AS db`,
  );
  const size = sizes.rows[0];
  return {
    stored,
    problems,
    dbSpanSeconds: row?.span ?? null,
    ...gaps,
    storage: {
      eventsBytes: Number(size?.events ?? 0),
      rawChunksBytes: Number(size?.raw ?? 0),
      databaseBytes: Number(size?.db ?? 0),
    },
  };
}

/** Total processing time, and the time inside the span when no upload was in progress (union of intervals). */
function idleBetween(spans: { s: number; f: number }[]): {
  processingSeconds: number | null;
  idleSeconds: number | null;
} {
  if (spans.length === 0) return { processingSeconds: null, idleSeconds: null };
  let processing = 0;
  let idle = 0;
  let reach = spans[0]?.s ?? 0;
  for (const { s, f } of spans) {
    processing += f - s;
    if (s > reach) idle += s - reach;
    reach = Math.max(reach, f);
  }
  return { processingSeconds: processing, idleSeconds: idle };
}
