// A busy entity's facets over its whole history, as a view shows them: the busiest values of each
// dimension (with event sources derived from calls), how many values each dimension has, and the
// credential types among its keys. Computing that reads every facet row of the entity (a NAT address's
// hundred thousand principals), so the result is kept in entity_facet_tops with the entity's event count
// at the time; since every counted event raises that count, a row whose count equals the entity's is
// exactly what a fresh computation would give, and any other row is recomputed, never read.
//
// Shared by the views (lib/server/entities/summary.ts) and the summariser, which refreshes stale rows
// when it has nothing else to do (lib/entities/summariser.ts). Plain SQL over a `query` function, so both
// a pg pool and Prisma's raw queries can run it.

export const FACET_TOP_N = 50;

export interface FacetTopRow {
  dim: string;
  value: string;
  events: number;
  denied: number;
  errors: number;
  first_seen: Date;
  last_seen: Date;
  rn: number;
  distinct_count: number;
}

export interface FacetTops {
  rows: FacetTopRow[];
  credentialTypes: string[];
}

type Query = <T>(text: string, params: unknown[]) => Promise<T[]>;

/**
 * Each dimension's top values through the (entity_id, dim, …) key: a bounded sort per dimension rather
 * than one sort of every facet row; event sources are summed from the calls (a few hundred at most).
 * Ties rank by value in byte order, as for a time range (summary.ts).
 */
const TOPS_SQL = `
  WITH dims AS (
    SELECT d.dim, c.n
      FROM unnest(enum_range(NULL::"EntityDim")) AS d(dim)
     CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM entity_facets WHERE entity_id = $1::uuid AND dim = d.dim) c
     WHERE c.n > 0),
  tops AS (
    SELECT dims.dim::text AS dim, t.value, t.events, t.denied, t.errors, t.first_seen, t.last_seen,
           row_number() OVER (PARTITION BY dims.dim ORDER BY t.events DESC, t.value COLLATE "C")::int AS rn,
           dims.n AS distinct_count
      FROM dims
     CROSS JOIN LATERAL (
       SELECT value, event_count::float8 AS events, denied_count::float8 AS denied, error_count::float8 AS errors,
              first_seen, last_seen
         FROM entity_facets WHERE entity_id = $1::uuid AND dim = dims.dim
        ORDER BY event_count DESC, value COLLATE "C" LIMIT $2) t),
  sources AS (
    SELECT COALESCE(value::json->>1, '') AS value, sum(event_count)::float8 AS events,
           sum(denied_count)::float8 AS denied, sum(error_count)::float8 AS errors, min(first_seen) AS first_seen,
           max(last_seen) AS last_seen
      FROM entity_facets WHERE entity_id = $1::uuid AND dim = 'call' GROUP BY 1),
  ranked_sources AS (
    SELECT 'event_source'::text AS dim, value, events, denied, errors, first_seen, last_seen,
           row_number() OVER (ORDER BY events DESC, value COLLATE "C")::int AS rn, count(*) OVER ()::int AS distinct_count
      FROM sources)
  SELECT * FROM tops
  UNION ALL
  SELECT * FROM ranked_sources WHERE rn <= $2`;

const CREDENTIAL_TYPES_SQL = `
  SELECT DISTINCT value::json->>1 AS type FROM entity_facets WHERE entity_id = $1::uuid AND dim = 'access_key'`;

interface StoredTops {
  rows: (Omit<FacetTopRow, "first_seen" | "last_seen"> & { first_seen: string; last_seen: string })[];
  credentialTypes: string[];
}

const revive = (stored: StoredTops): FacetTops => ({
  rows: stored.rows.map((row) => ({
    ...row,
    first_seen: new Date(row.first_seen),
    last_seen: new Date(row.last_seen),
  })),
  credentialTypes: stored.credentialTypes,
});

/** Computes an entity's tops and stores them against the event count they were computed at. */
export async function computeFacetTops(query: Query, entityId: string, eventCount: number): Promise<FacetTops> {
  // Counted first: a drain committing meanwhile can only add, so the stored count is never ahead of the
  // rows (a newer count makes the row stale and it is computed again).
  const [rows, types] = await Promise.all([
    query<FacetTopRow>(TOPS_SQL, [entityId, FACET_TOP_N]),
    query<{ type: string | null }>(CREDENTIAL_TYPES_SQL, [entityId]),
  ]);
  const tops: FacetTops = {
    rows,
    credentialTypes: types
      .map((row) => row.type)
      .filter((type): type is string => type !== null)
      .sort(),
  };
  await query(
    `INSERT INTO entity_facet_tops (entity_id, event_count, top_n, payload) VALUES ($1::uuid, $2, $3, $4::jsonb)
     ON CONFLICT (entity_id) DO UPDATE SET event_count = EXCLUDED.event_count, top_n = EXCLUDED.top_n,
       payload = EXCLUDED.payload, computed_at = now()
     WHERE entity_facet_tops.event_count <= EXCLUDED.event_count`,
    [entityId, eventCount, FACET_TOP_N, JSON.stringify(tops)],
  );
  return tops;
}

/** The entity's tops: the stored ones when they are current, else computed now (and stored). */
export async function readFacetTops(query: Query, entityId: string, eventCount: number): Promise<FacetTops> {
  const [stored] = await query<{ payload: StoredTops }>(
    "SELECT payload FROM entity_facet_tops WHERE entity_id = $1::uuid AND event_count = $2 AND top_n = $3",
    [entityId, eventCount, FACET_TOP_N],
  );
  return stored ? revive(stored.payload) : computeFacetTops(query, entityId, eventCount);
}

/**
 * Recomputes the stale tops of the busiest detailed entities, up to `limit` of them; answers how many.
 * The summariser calls it when no batch waits, so a view opened after an upload finds them ready.
 */
export async function refreshStaleFacetTops(query: Query, limit: number): Promise<number> {
  const stale = await query<{ id: string; event_count: string }>(
    `SELECT e.id::text, e.event_count::text FROM entities e
       LEFT JOIN entity_facet_tops t ON t.entity_id = e.id
      WHERE e.is_detailed AND (t.entity_id IS NULL OR t.event_count <> e.event_count OR t.top_n <> $2)
      ORDER BY e.event_count DESC LIMIT $1`,
    [limit, FACET_TOP_N],
  );
  for (const row of stale) await computeFacetTops(query, row.id, Number(row.event_count));
  return stale.length;
}
