import type pg from "pg";
import { EVENT_COLUMNS, facetValues } from "@/lib/entities/facet-sql";
import { entityColumn } from "@/lib/entities/kinds";

// Keeps the entity summaries (migration 20261203000000_entity_summaries) exactly up to date.
//
// - A stored batch queues its chunk in its own transaction (queueSummary), so a batch's events and the
//   note that they still need counting commit together.
// - drainSummaries counts queued chunks' events into the summaries and removes their queue rows in one
//   transaction: every stored event is counted once, and a crash leaves the work queued. Only one drain
//   runs at a time (a session advisory lock), so the counters have one writer and never deadlock.
// - Drains are batched (lib/entities/summariser.ts): the worker drains what a second or so of uploads
//   queued, together. A busy source address appears in most batches; counting it once per drain rather
//   than once per batch is what keeps the summaries' cost small next to storing the events.
// - Facets are kept for detailed entities only. An entity becomes detailed when its count reaches the
//   threshold; its facets are then built from the events already counted (every event of it that is not
//   in a queued chunk, seen in the drain's snapshot), and from then on from each drained chunk.
//
// Every value is counted by commutative sums, minimums and maximums, so the summaries depend only on the
// set of stored events, never on the order batches arrived in.

/** Entities with at least this many events keep facets; below it, the events table answers quickly. */
export const DETAIL_THRESHOLD = 5_000;
/** Chunks per drain transaction: up to ~300,000 events, a few seconds of work. */
const CHUNKS_PER_TRANSACTION = 60;
const LOCK = "entity-summaries";

/**
 * In the batch's transaction, after its COPY: records that chunk `chunkId` needs counting. Its events'
 * ids lie after `idsAfter` (the sequence's value read before the COPY) and up to the session's last one.
 */
export async function queueSummary(tx: pg.ClientBase, chunkId: string, idsAfter: string): Promise<void> {
  await tx.query(
    `INSERT INTO entity_summary_queue (chunk_id, first_event_id, last_event_id)
     VALUES ($1, $2::bigint + 1, currval(pg_get_serial_sequence('events', 'id')))`,
    [chunkId, idsAfter],
  );
}

/**
 * A SQL expression for the events id sequence's position, read before a batch's COPY: the ids the COPY
 * draws will all be greater.
 */
export const EVENT_IDS_AFTER_SQL =
  "(SELECT (CASE WHEN is_called THEN last_value ELSE last_value - 1 END)::text FROM events_id_seq)";

export interface DrainResult {
  chunks: number;
  /** Entities that became detailed in this drain. */
  detailed: number;
}

export interface DrainOptions {
  detailThreshold?: number;
  /** false: if another drain holds the lock, return null at once instead of waiting for it. */
  wait?: boolean;
}

/**
 * Counts every chunk queued when it starts (a chunk queued meanwhile waits for the next drain, so a
 * drain never chases a running upload). Waits for a drain already running to finish first.
 */
export async function drainSummaries(pool: pg.Pool, options: DrainOptions = {}): Promise<DrainResult | null> {
  const threshold = options.detailThreshold ?? DETAIL_THRESHOLD;
  const total: DrainResult = { chunks: 0, detailed: 0 };
  const client = await pool.connect();
  try {
    if (options.wait === false) {
      const { rows } = await client.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
        [LOCK],
      );
      if (!rows[0]?.locked) return null;
    } else {
      await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [LOCK]);
    }
    try {
      const { rows } = await client.query<{ last: string | null }>(
        "SELECT max(chunk_id)::text AS last FROM entity_summary_queue",
      );
      const last = rows[0]?.last;
      if (!last) return total;
      for (;;) {
        const step = await drainStep(client, last, threshold);
        if (step.chunks === 0) break;
        total.chunks += step.chunks;
        total.detailed += step.detailed;
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [LOCK]);
    }
  } finally {
    client.release();
  }
  return total;
}

async function drainStep(client: pg.PoolClient, last: string, threshold: number): Promise<DrainResult> {
  // Repeatable read: the events counted, the queue rows removed and the backfill of newly detailed
  // entities all come from one snapshot, taken after the lock (so the previous drain's counts are in it).
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
  try {
    const queued = await client.query<{ chunk_id: string; first_event_id: string; last_event_id: string }>(
      `DELETE FROM entity_summary_queue WHERE chunk_id IN (
         SELECT chunk_id FROM entity_summary_queue WHERE chunk_id <= $1 ORDER BY chunk_id LIMIT $2)
       RETURNING chunk_id, first_event_id, last_event_id`,
      [last, CHUNKS_PER_TRANSACTION],
    );
    if (queued.rowCount === 0) {
      await client.query("COMMIT");
      return { chunks: 0, detailed: 0 };
    }
    const chunks = {
      ids: queued.rows.map((row) => row.chunk_id),
      firsts: queued.rows.map((row) => row.first_event_id),
      lasts: queued.rows.map((row) => row.last_event_id),
    };
    const hours = await countHours(client, chunks);
    const detailed = hours > 0 ? await countEntities(client, chunks, threshold) : 0;
    await client.query("COMMIT");
    return { chunks: queued.rowCount ?? 0, detailed };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

interface Chunks {
  ids: string[];
  firsts: string[];
  lasts: string[];
}

/**
 * The drained chunks' events (alias s), read chunk by chunk through a range scan of the primary key:
 * LATERAL makes it so. As a plain join the planner may hash-join on raw_chunk_id, which has no index, and
 * scan the whole events table per drain. `where` narrows them further (alias e). $1–$3 are the chunks.
 */
function drainedEvents(where = "TRUE"): string {
  return `unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS q(chunk_id, lo, hi)
    CROSS JOIN LATERAL (
      SELECT ${EVENT_COLUMNS} FROM events e
       WHERE e.id BETWEEN q.lo AND q.hi AND e.raw_chunk_id = q.chunk_id AND (${where}) OFFSET 0) s`;
}

const chunkParams = (chunks: Chunks) => [chunks.ids, chunks.firsts, chunks.lasts];

/**
 * Each entity's counts per hour in the drained events, in one pass: every event names up to four
 * entities (its principal, source address, key and recipient account). Returns how many rows that made.
 */
async function countHours(client: pg.PoolClient, chunks: Chunks): Promise<number> {
  await client.query(
    `CREATE TEMP TABLE summary_hours ON COMMIT DROP AS
     SELECT entity_key(side.kind::text, side.value) AS entity_id, side.kind, side.value, s.hour,
            count(*)::int AS event_count, count(*) FILTER (WHERE s.denied)::int AS denied_count,
            count(*) FILTER (WHERE s.failed)::int AS error_count, min(s.event_time) AS first_seen,
            max(s.event_time) AS last_seen, max(side.account_id) AS account_id,
            max(side.principal_type) AS principal_type, max(side.principal_name) AS principal_name
       FROM ${drainedEvents()}
      CROSS JOIN LATERAL (VALUES
        ('principal'::"EntityKind", s.principal_arn, s.account_id, s.principal_type, s.principal_name),
        ('ip'::"EntityKind", s.source_ip, NULL, NULL, NULL),
        ('access_key'::"EntityKind", s.access_key_id, s.account_id, s.principal_type, s.principal_name),
        ('account'::"EntityKind", s.recipient_account_id, NULL, NULL, NULL)
      ) AS side(kind, value, account_id, principal_type, principal_name)
      WHERE side.value IS NOT NULL
      GROUP BY side.kind, side.value, s.hour`,
    chunkParams(chunks),
  );
  const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM summary_hours");
  return rows[0]?.n ?? 0;
}

/** Adds the drained events to entities and entity_hours; then facets. Returns how many became detailed. */
async function countEntities(client: pg.PoolClient, chunks: Chunks, threshold: number): Promise<number> {
  await client.query(
    `INSERT INTO entity_hours (entity_id, hour, kind, event_count, denied_count, error_count)
     SELECT entity_id, hour, kind, event_count, denied_count, error_count FROM summary_hours ORDER BY entity_id, hour
     ON CONFLICT (entity_id, hour) DO UPDATE SET
       event_count = entity_hours.event_count + excluded.event_count,
       denied_count = entity_hours.denied_count + excluded.denied_count,
       error_count = entity_hours.error_count + excluded.error_count`,
  );
  // Identity attributes are merged with GREATEST, not "latest wins": the result must not depend on the
  // order uploads arrive in (they agree for real principals anyway).
  const merged = await client.query<{ id: string; kind: string; value: string; was_detailed: boolean }>(
    `WITH drained AS (
       SELECT entity_id, kind, min(value) AS value, sum(event_count) AS event_count, sum(denied_count) AS denied_count,
              sum(error_count) AS error_count, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
              max(account_id) AS account_id, max(principal_type) AS principal_type, max(principal_name) AS principal_name
         FROM summary_hours GROUP BY entity_id, kind)
     INSERT INTO entities AS t (id, kind, value, event_count, denied_count, error_count, first_seen, last_seen,
                                account_id, principal_type, principal_name)
     SELECT entity_id, kind, value, event_count, denied_count, error_count, first_seen, last_seen, account_id,
            principal_type, principal_name
       FROM drained ORDER BY entity_id
     ON CONFLICT (id) DO UPDATE SET
       event_count = t.event_count + excluded.event_count,
       denied_count = t.denied_count + excluded.denied_count,
       error_count = t.error_count + excluded.error_count,
       first_seen = LEAST(t.first_seen, excluded.first_seen),
       last_seen = GREATEST(t.last_seen, excluded.last_seen),
       account_id = GREATEST(t.account_id, excluded.account_id),
       principal_type = GREATEST(t.principal_type, excluded.principal_type),
       principal_name = GREATEST(t.principal_name, excluded.principal_name),
       updated_at = now()
     RETURNING id, kind::text, value, t.is_detailed AS was_detailed`,
  );
  const detailedBefore = merged.rows.filter((row) => row.was_detailed && row.kind !== "account");
  if (detailedBefore.length > 0) {
    // Only the events that name a detailed entity are read again, for its facets.
    const values = (kind: string) => detailedBefore.filter((row) => row.kind === kind).map((row) => row.value);
    // IN (SELECT unnest(…)) rather than = ANY(…): a hashed lookup per event, not a walk along the array.
    await client.query(
      `CREATE TEMP TABLE summary_detail_events ON COMMIT DROP AS SELECT s.* FROM ${drainedEvents(
        `e.principal_arn IN (SELECT unnest($4::text[])) OR e.source_ip IN (SELECT unnest($5::text[]))
         OR e.access_key_id IN (SELECT unnest($6::text[]))`,
      )}`,
      [...chunkParams(chunks), values("principal"), values("ip"), values("access_key")],
    );
    await addFacets(client, "summary_detail_events", detailedBefore);
  }
  const promoted = await client.query<{ id: string; kind: string; value: string }>(
    `UPDATE entities SET is_detailed = true
      WHERE id = ANY($1::uuid[]) AND NOT is_detailed AND kind <> 'account' AND event_count >= $2
      RETURNING id, kind::text, value`,
    [merged.rows.filter((row) => !row.was_detailed).map((row) => row.id), threshold],
  );
  await backfillFacets(client, promoted.rows);
  return promoted.rowCount ?? 0;
}

/** Adds facet rows for the given detailed entities from the events in `source` (a table or subquery). */
async function addFacets(
  client: pg.PoolClient,
  source: string,
  entities: { id: string; kind: string; value: string }[],
  params: unknown[] = [],
): Promise<void> {
  const byKind = new Map<string, typeof entities>();
  for (const entity of entities) byKind.set(entity.kind, [...(byKind.get(entity.kind) ?? []), entity]);
  const parts: string[] = [];
  const values: unknown[] = [...params];
  for (const [kind, group] of byKind) {
    const column = entityColumn[kind as keyof typeof entityColumn];
    values.push(group.map((entity) => entity.value));
    parts.push(
      `SELECT '${kind}' AS kind, s.${column} AS entity, f.dim, f.value, s.hour, s.event_time, s.failed, s.denied
         FROM ${source} s CROSS JOIN LATERAL (VALUES ${facetValues(kind)}) AS f(dim, value)
        WHERE s.${column} IN (SELECT unnest($${values.length}::text[])) AND f.value IS NOT NULL`,
    );
  }
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS summary_facets (
       entity_id uuid, dim "EntityDim", value_id uuid, value text, hour timestamptz, event_count int,
       denied_count int, error_count int, first_seen timestamptz, last_seen timestamptz) ON COMMIT DROP`,
  );
  await client.query("TRUNCATE summary_facets");
  await client.query(
    // Keys are hashed after grouping, once per row made rather than once per event.
    `INSERT INTO summary_facets
     SELECT entity_key(kind, entity), dim, entity_key(dim::text, value), value, hour, count(*),
            count(*) FILTER (WHERE denied), count(*) FILTER (WHERE failed), min(event_time), max(event_time)
       FROM (${parts.join("\nUNION ALL\n")}) AS facts
      GROUP BY kind, entity, dim, value, hour`,
    values,
  );
  await client.query(
    `INSERT INTO entity_facet_hours (entity_id, dim, hour, value_id, event_count, denied_count, error_count,
                                     first_seen, last_seen)
     SELECT entity_id, dim, hour, value_id, event_count, denied_count, error_count, first_seen, last_seen
       FROM summary_facets ORDER BY entity_id, dim, hour, value_id
     ON CONFLICT (entity_id, dim, hour, value_id) DO UPDATE SET
       event_count = entity_facet_hours.event_count + excluded.event_count,
       denied_count = entity_facet_hours.denied_count + excluded.denied_count,
       error_count = entity_facet_hours.error_count + excluded.error_count,
       first_seen = LEAST(entity_facet_hours.first_seen, excluded.first_seen),
       last_seen = GREATEST(entity_facet_hours.last_seen, excluded.last_seen)`,
  );
  await client.query(
    `INSERT INTO entity_facets AS t (entity_id, dim, value_id, value, event_count, denied_count, error_count,
                                     first_seen, last_seen)
     SELECT entity_id, dim, value_id, min(value), sum(event_count), sum(denied_count), sum(error_count),
            min(first_seen), max(last_seen)
       FROM summary_facets GROUP BY entity_id, dim, value_id ORDER BY entity_id, dim, value_id
     ON CONFLICT (entity_id, dim, value_id) DO UPDATE SET
       event_count = t.event_count + excluded.event_count,
       denied_count = t.denied_count + excluded.denied_count,
       error_count = t.error_count + excluded.error_count,
       first_seen = LEAST(t.first_seen, excluded.first_seen),
       last_seen = GREATEST(t.last_seen, excluded.last_seen)`,
  );
}

/**
 * Facets for entities that just became detailed: from every event of theirs already counted, which in this
 * snapshot is every stored event of theirs whose chunk is no longer queued (this drain's chunks included).
 */
async function backfillFacets(client: pg.PoolClient, entities: { id: string; kind: string; value: string }[]) {
  for (const kind of new Set(entities.map((entity) => entity.kind))) {
    const ofKind = entities.filter((entity) => entity.kind === kind);
    const column = entityColumn[kind as keyof typeof entityColumn];
    // = ANY on the indexed column: one index probe per entity.
    const source = `(SELECT ${EVENT_COLUMNS} FROM events e
                      WHERE e.${column} = ANY($1::text[])
                        AND NOT EXISTS (SELECT 1 FROM entity_summary_queue q WHERE q.chunk_id = e.raw_chunk_id))`;
    await addFacets(client, source, ofKind, [ofKind.map((entity) => entity.value)]);
  }
}
