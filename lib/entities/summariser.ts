import type pg from "pg";
import { refreshStaleFacetTops } from "@/lib/entities/facet-tops";
import { type DrainOptions, drainSummaries } from "@/lib/entities/summarize";

// When the entity summaries are counted. Draining after every upload made many small drains, and a busy
// source address was then counted once per upload (measured with npm run bench:ingest: +39 µs of
// PostgreSQL time per event); making each upload wait for its drain held the worker's upload slots idle.
// So the worker drains in the background, in large drains while uploads are being read and at once when
// they are not, and uploads do not wait: during a long ingest the views count a busy entity's newest events
// up to a few seconds late, and say how many batches are still being counted meanwhile.

/**
 * While uploads are being read, drain once this many chunks wait (a few hundred thousand events), or the
 * oldest has waited BUSY_MAX_MS: big drains cost least per event. When nothing is being read, drain what
 * waits at once, so a finished upload's counts follow it within a moment.
 */
const GATHER_CHUNKS = 60;
const BUSY_MAX_MS = 15_000;
const IDLE_MS = 250;
const POLL_MS = 100;
/** Stale facet tops recomputed per idle round (lib/entities/facet-tops.ts): a round stays short. */
const TOPS_PER_ROUND = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Summariser {
  stop(): Promise<void>;
}

/** The worker's background drain loop; several workers may run one (only one drains at a time). */
export function startSummariser(
  pool: pg.Pool,
  options: DrainOptions & { logError?: (message: string, error: unknown) => void } = {},
): Summariser {
  let stopped = false;
  const query = async <T>(text: string, params: unknown[]) => (await pool.query(text, params)).rows as T[];
  const loop = (async () => {
    while (!stopped) {
      try {
        const { rows } = await pool.query<{ n: number; age_ms: number | null; busy: boolean }>(
          `SELECT count(*)::int AS n, (extract(epoch FROM now() - min(queued_at)) * 1000)::float8 AS age_ms,
                  EXISTS (SELECT 1 FROM uploads WHERE status IN ('queued', 'processing')) AS busy
             FROM entity_summary_queue`,
        );
        const queued = rows[0];
        const age = queued?.age_ms ?? 0;
        const isDue = queued?.busy ? queued.n >= GATHER_CHUNKS || age >= BUSY_MAX_MS : age >= IDLE_MS;
        if (queued && queued.n > 0 && isDue) {
          await drainSummaries(pool, { ...options, wait: false });
          continue;
        }
        // Nothing waits: ready the busiest entities' whole-history tables, a few at a time.
        if (queued && queued.n === 0 && !queued.busy && (await refreshStaleFacetTops(query, TOPS_PER_ROUND)) > 0) {
          continue;
        }
      } catch (error) {
        if (!stopped) options.logError?.("could not update the entity summaries", error);
      }
      await sleep(POLL_MS);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
