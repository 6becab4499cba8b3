import "server-only";
import type { Db } from "@/lib/db/client";
import { EVENT_COLUMNS, facetValues } from "@/lib/entities/facet-sql";
import { FACET_TOP_N, type FacetTopRow, readFacetTops } from "@/lib/entities/facet-tops";
import { type EntityDim, type EntityKind, entityColumn, entityKey } from "@/lib/entities/kinds";
import { splitRange, type Window } from "@/lib/entities/time-range";

// One entity's counts and facets, over its whole history or a time range, exactly.
//
// - A detailed entity (lib/entities/summarize.ts) is read from the summaries: its totals and facets over
//   the whole history, or over a range the whole hours from the hourly summaries plus the part-hours at
//   either end from the events (lib/entities/time-range.ts).
// - Any other entity has few events (below the detail threshold), so they are counted from the events
//   table, through its (column, event_time) index, with the same expressions the summariser uses.
// Both answer in one statement per part, and only the top values of each facet leave the database.

export type FacetDim = EntityDim | "event_source";

export interface FacetEntry {
  value: string;
  events: number;
  denied: number;
  errors: number;
  firstSeen: Date;
  lastSeen: Date;
}

export interface Facet {
  /** How many distinct values there are; `top` holds the busiest of them. */
  distinct: number;
  top: FacetEntry[];
}

export interface Totals {
  events: number;
  denied: number;
  errors: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
}

export interface EntityRecord {
  id: string;
  kind: EntityKind;
  value: string;
  accountId: string | null;
  principalType: string | null;
  principalName: string | null;
  isDetailed: boolean;
  totals: Totals;
}

export interface EntitySummary {
  /** Null when the summaries have not counted it yet (its events are still being read). */
  entity: EntityRecord | null;
  totals: Totals;
  facets: Record<FacetDim, Facet>;
  /** Every credential type seen, from the key facet (not only its top values). */
  credentialTypes: string[];
  source: "summaries" | "events";
}

const FACET_DIMS: FacetDim[] = ["principal", "access_key", "ip", "call", "region", "user_agent", "event_source"];
const DEFAULT_TOP = FACET_TOP_N;

class Sql {
  readonly params: unknown[] = [];
  add(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

/** Events of the entity, within the windows (all of them when `windows` is null). */
function eventsOf(sql: Sql, kind: EntityKind, value: string, windows: Window[] | null): string {
  const column = entityColumn[kind];
  const within = windows
    ? ` AND (${windows.map((w) => `(e.event_time >= ${sql.add(w.start)} AND e.event_time < ${sql.add(w.end)})`).join(" OR ")})`
    : "";
  return `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.${column} = ${sql.add(value)}${within}`;
}

const FACET_AGGREGATE = `count(*) AS events, count(*) FILTER (WHERE s.denied) AS denied,
  count(*) FILTER (WHERE s.failed) AS errors, min(s.event_time) AS first_seen, max(s.event_time) AS last_seen`;

function facetsFromEvents(sql: Sql, kind: EntityKind, value: string, windows: Window[] | null): string {
  return `SELECT f.dim, f.value, ${FACET_AGGREGATE}
            FROM (${eventsOf(sql, kind, value, windows)}) s
           CROSS JOIN LATERAL (VALUES ${facetValues(kind)}) AS f(dim, value)
           WHERE f.value IS NOT NULL GROUP BY f.dim, f.value`;
}

function facetsFromSummary(sql: Sql, entityId: string): string {
  return `SELECT dim, value, event_count AS events, denied_count AS denied, error_count AS errors, first_seen, last_seen
            FROM entity_facets WHERE entity_id = ${sql.add(entityId)}`;
}

function facetsFromHours(sql: Sql, entityId: string, hours: Window): string {
  const id = sql.add(entityId);
  // dim = ANY(…) lets the (entity_id, dim, hour, value_id) key serve each dimension's hours directly.
  // Each value is looked up by its key: a join would read every facet of the entity (a busy address has
  // a hundred thousand) to name the few hundred seen in a day.
  return `SELECT h.dim, (SELECT f.value FROM entity_facets f
                          WHERE f.entity_id = ${id} AND f.dim = h.dim AND f.value_id = h.value_id) AS value,
                 h.events, h.denied, h.errors, h.first_seen, h.last_seen
            FROM (SELECT dim, value_id, sum(event_count) AS events, sum(denied_count) AS denied,
                         sum(error_count) AS errors, min(first_seen) AS first_seen, max(last_seen) AS last_seen
                    FROM entity_facet_hours
                   WHERE entity_id = ${id} AND dim = ANY(enum_range(NULL::"EntityDim"))
                     AND hour >= ${sql.add(hours.start)} AND hour < ${sql.add(hours.end)}
                   GROUP BY dim, value_id) h`;
}

type FacetRow = FacetTopRow & { dim: FacetDim };

/** Merges the sources, adds event sources (from calls), and keeps the top of each dimension. */
function rankedFacets(sql: Sql, sources: string[], top: number): string {
  return `WITH merged AS (
      SELECT dim::text AS dim, value COLLATE "C" AS value, sum(events)::float8 AS events, sum(denied)::float8 AS denied,
             sum(errors)::float8 AS errors, min(first_seen) AS first_seen, max(last_seen) AS last_seen
        FROM (${sources.join("\nUNION ALL\n")}) u GROUP BY 1, 2),
    with_sources AS (
      SELECT * FROM merged
      UNION ALL
      SELECT 'event_source', COALESCE(value::json->>1, ''), sum(events), sum(denied), sum(errors), min(first_seen),
             max(last_seen)
        FROM merged WHERE dim = 'call' GROUP BY 2),
    ranked AS (
      SELECT *, row_number() OVER (PARTITION BY dim ORDER BY events DESC, value)::int AS rn,
             count(*) OVER (PARTITION BY dim)::int AS distinct_count,
             CASE WHEN dim = 'access_key'
                  THEN row_number() OVER (
                    PARTITION BY dim, CASE WHEN dim = 'access_key' THEN value::json->>1 END ORDER BY events DESC, value)
             END AS cred_rn
        FROM with_sources)
    SELECT dim, value, events, denied, errors, first_seen, last_seen, rn, distinct_count
      FROM ranked WHERE rn <= ${sql.add(top)} OR cred_rn = 1`;
}

function toFacets(rows: FacetRow[], top: number): Pick<EntitySummary, "facets" | "credentialTypes"> {
  const facets = Object.fromEntries(FACET_DIMS.map((dim) => [dim, { distinct: 0, top: [] as FacetEntry[] }])) as Record<
    FacetDim,
    Facet
  >;
  const credentialTypes = new Set<string>();
  for (const row of rows.sort((a, b) => a.rn - b.rn)) {
    const facet = facets[row.dim];
    if (!facet) continue;
    facet.distinct = row.distinct_count;
    if (row.dim === "access_key") credentialTypes.add((JSON.parse(row.value) as [string | null, string])[1]);
    if (row.rn <= top) {
      facet.top.push({
        value: row.value,
        events: row.events,
        denied: row.denied,
        errors: row.errors,
        firstSeen: row.first_seen,
        lastSeen: row.last_seen,
      });
    }
  }
  return { facets, credentialTypes: [...credentialTypes].sort() };
}

interface TotalsRow {
  events: number | null;
  denied: number | null;
  errors: number | null;
  first_seen: Date | null;
  last_seen: Date | null;
}

const addTotals = (a: Totals, b: TotalsRow): Totals => ({
  events: a.events + (b.events ?? 0),
  denied: a.denied + (b.denied ?? 0),
  errors: a.errors + (b.errors ?? 0),
  firstSeen: [a.firstSeen, b.first_seen].filter((t): t is Date => t !== null).sort((x, y) => +x - +y)[0] ?? null,
  lastSeen: [a.lastSeen, b.last_seen].filter((t): t is Date => t !== null).sort((x, y) => +y - +x)[0] ?? null,
});
const NO_TOTALS: Totals = { events: 0, denied: 0, errors: 0, firstSeen: null, lastSeen: null };

async function totalsFromEvents(db: Db, kind: EntityKind, value: string, windows: Window[] | null): Promise<TotalsRow> {
  const sql = new Sql();
  const query = `SELECT count(*)::float8 AS events, count(*) FILTER (WHERE s.denied)::float8 AS denied,
                        count(*) FILTER (WHERE s.failed)::float8 AS errors, min(s.event_time) AS first_seen,
                        max(s.event_time) AS last_seen
                   FROM (${eventsOf(sql, kind, value, windows)}) s`;
  const [row] = await db.$queryRawUnsafe<TotalsRow[]>(query, ...sql.params);
  return row ?? { events: 0, denied: 0, errors: 0, first_seen: null, last_seen: null };
}

/** First and last event in the window: two probes of the (column, event_time) index. */
async function boundsInWindow(db: Db, kind: EntityKind, value: string, window: Window) {
  const column = entityColumn[kind];
  const [row] = await db.$queryRawUnsafe<{ first_seen: Date | null; last_seen: Date | null }[]>(
    `SELECT (SELECT min(event_time) FROM events WHERE ${column} = $1 AND event_time >= $2 AND event_time < $3) AS first_seen,
            (SELECT max(event_time) FROM events WHERE ${column} = $1 AND event_time >= $2 AND event_time < $3) AS last_seen`,
    value,
    window.start,
    window.end,
  );
  return row ?? { first_seen: null, last_seen: null };
}

/** The entity's first and last event: two probes of the (column, event_time) index. */
export async function eventBounds(db: Db, kind: EntityKind, value: string) {
  const column = entityColumn[kind];
  const [row] = await db.$queryRawUnsafe<{ first_seen: Date | null; last_seen: Date | null }[]>(
    `SELECT (SELECT min(event_time) FROM events WHERE ${column} = $1) AS first_seen,
            (SELECT max(event_time) FROM events WHERE ${column} = $1) AS last_seen`,
    value,
  );
  return { firstSeen: row?.first_seen ?? null, lastSeen: row?.last_seen ?? null };
}

export async function findEntity(db: Db, kind: EntityKind, value: string): Promise<EntityRecord | null> {
  const [row] = await db.$queryRawUnsafe<
    {
      id: string;
      kind: EntityKind;
      value: string;
      account_id: string | null;
      principal_type: string | null;
      principal_name: string | null;
      is_detailed: boolean;
      events: number;
      denied: number;
      errors: number;
      first_seen: Date;
      last_seen: Date;
    }[]
  >(
    `SELECT id::text, kind::text AS kind, value, account_id, principal_type, principal_name, is_detailed,
            event_count::float8 AS events, denied_count::float8 AS denied, error_count::float8 AS errors,
            first_seen, last_seen
       FROM entities WHERE id = $1::uuid`,
    entityKey(kind, value),
  );
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    value: row.value,
    accountId: row.account_id,
    principalType: row.principal_type,
    principalName: row.principal_name,
    isDetailed: row.is_detailed,
    totals: {
      events: row.events,
      denied: row.denied,
      errors: row.errors,
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
    },
  };
}

export async function existsInEvents(db: Db, kind: EntityKind, value: string): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<unknown[]>(
    `SELECT 1 FROM events WHERE ${entityColumn[kind]} = $1 LIMIT 1`,
    value,
  );
  return rows.length > 0;
}

/**
 * The entity's totals and facets over `window` (null: its whole history); null when no stored event
 * names it.
 */
export async function readEntitySummary(
  db: Db,
  options: { kind: EntityKind; value: string; window: Window | null; top?: number },
): Promise<EntitySummary | null> {
  const { kind, value, window } = options;
  const top = options.top ?? DEFAULT_TOP;
  const entity = await findEntity(db, kind, value);
  if (!entity && !(await existsInEvents(db, kind, value))) return null;
  const sql = new Sql();
  let totals: Totals;
  let sources: string[];
  if (entity?.isDetailed && !window && top === FACET_TOP_N) {
    // The whole history of a busy entity: its stored tops while they are current (lib/entities/facet-tops.ts).
    const query = <T>(text: string, params: unknown[]) => db.$queryRawUnsafe<T[]>(text, ...params);
    const tops = await readFacetTops(query, entity.id, entity.totals.events);
    return {
      entity,
      totals: entity.totals,
      facets: toFacets(tops.rows as FacetRow[], top).facets,
      credentialTypes: tops.credentialTypes,
      source: "summaries",
    };
  }
  if (entity?.isDetailed && !window) {
    totals = entity.totals;
    sources = [facetsFromSummary(sql, entity.id)];
  } else if (entity?.isDetailed && window) {
    const parts = splitRange(window);
    const [hourTotals, edgeTotals, bounds] = await Promise.all([
      parts.hours
        ? db.$queryRawUnsafe<TotalsRow[]>(
            `SELECT sum(event_count)::float8 AS events, sum(denied_count)::float8 AS denied,
                    sum(error_count)::float8 AS errors, NULL::timestamptz AS first_seen, NULL::timestamptz AS last_seen
               FROM entity_hours WHERE entity_id = $1::uuid AND hour >= $2 AND hour < $3`,
            entity.id,
            parts.hours.start,
            parts.hours.end,
          )
        : Promise.resolve([]),
      parts.edges.length > 0 ? totalsFromEvents(db, kind, value, parts.edges) : Promise.resolve(null),
      boundsInWindow(db, kind, value, window),
    ]);
    totals = [...hourTotals, ...(edgeTotals ? [edgeTotals] : []), bounds as TotalsRow].reduce(addTotals, NO_TOTALS);
    sources = [
      ...(parts.hours ? [facetsFromHours(sql, entity.id, parts.hours)] : []),
      ...(parts.edges.length > 0 ? [facetsFromEvents(sql, kind, value, parts.edges)] : []),
    ];
  } else {
    totals = addTotals(NO_TOTALS, await totalsFromEvents(db, kind, value, window ? [window] : null));
    sources = [facetsFromEvents(sql, kind, value, window ? [window] : null)];
  }
  const rows =
    sources.length > 0 ? await db.$queryRawUnsafe<FacetRow[]>(rankedFacets(sql, sources, top), ...sql.params) : [];
  return {
    entity,
    totals,
    ...toFacets(rows, top),
    source: entity?.isDetailed ? "summaries" : "events",
  };
}
