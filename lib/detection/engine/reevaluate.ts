import type pg from "pg";
import { normalizeStored } from "@/lib/cloudtrail/normalize-stored";
import { addCounts, regroupQueued } from "@/lib/detection/engine/drain";
import { type MatchRow, matchEvents, storeMatches } from "@/lib/detection/engine/match";
import { loadRawTexts } from "@/lib/detection/engine/raw";
import type { RegroupCounts } from "@/lib/detection/engine/regroup";
import { type ActiveRule, currentRule, type Queryable } from "@/lib/detection/engine/rules-store";

// Re-evaluation: when a rule gets a new version, every stored event that could match is evaluated
// again under it, and every group that has matches or live signals is regrouped. Until that has
// finished, the rule's groups are not regrouped from the new version's partial matches (drain.ts
// checks evaluated_version), so analysts never see a half-evaluated state. One re-evaluation per rule
// runs at a time; if the rule changes again meanwhile, the runner goes round again for the newest version.

const PAGE = 5000;

export interface ReevaluationResult extends RegroupCounts {
  version: number;
  candidates: number;
  matches: number;
  groups: number;
}

/** Evaluates the stored candidates under `active`, handing each page's matches to `sink`. */
export async function matchStoredEvents(
  db: Queryable,
  active: ActiveRule,
  sink: (matches: MatchRow[]) => Promise<void>,
): Promise<{ candidates: number; matches: number }> {
  const filter = active.rule.candidates(active.config);
  let after = "0";
  let candidates = 0;
  let matches = 0;
  for (;;) {
    // The text column needs its own name: ORDER BY would otherwise sort by it, as text, and the pages
    // (keyed on the bigint) would overlap and skip.
    const { rows } = await db.query<{ row_id: string; raw_chunk_id: string; raw_index: number }>(
      `SELECT e.id::text AS row_id, e.raw_chunk_id::text, e.raw_index FROM events e
        WHERE e.event_name = ANY($1::text[]) AND e.error_code = ANY($2::text[])
          AND e.credential_type::text = ANY($3::text[]) AND e.id > $4::bigint
        ORDER BY e.id LIMIT ${PAGE}`,
      [filter.eventNames, filter.errorCodes, filter.credentialTypes, after],
    );
    if (rows.length === 0) return { candidates, matches };
    candidates += rows.length;
    after = (rows.at(-1) as (typeof rows)[number]).row_id;
    const texts = await loadRawTexts(
      db,
      rows.map((row) => ({ rawChunkId: row.raw_chunk_id, rawIndex: row.raw_index })),
    );
    const events = texts.flatMap((text) => {
      const result = text ? normalizeStored(JSON.parse(text)) : null;
      return result?.ok ? [result.event] : [];
    });
    const found = matchEvents(active, events);
    matches += found.length;
    await sink(found);
  }
}

async function groupsToRegroup(db: Queryable, active: ActiveRule): Promise<string[]> {
  const { rows } = await db.query<{ group_key: string }>(
    `SELECT group_key FROM rule_matches WHERE rule_version_id = $1
     UNION SELECT group_key FROM signals WHERE rule_id = $2 AND merged_into_id IS NULL AND retired_at IS NULL
     ORDER BY 1`,
    [active.versionId, active.rule.id],
  );
  return rows.map((row) => row.group_key);
}

async function evaluateVersion(pool: pg.Pool, active: ActiveRule): Promise<ReevaluationResult | null> {
  const result: ReevaluationResult = {
    version: active.version,
    candidates: 0,
    matches: 0,
    groups: 0,
    created: 0,
    updated: 0,
    merged: 0,
    retired: 0,
  };
  if (active.config.enabled) {
    // Matches a version already has are left as they are, so a re-run after a crash only adds.
    const store = (found: MatchRow[]) => storeMatches(pool, active.rule.id, active.versionId, found, { queue: false });
    Object.assign(result, await matchStoredEvents(pool, active, store));
    for (const groupKey of await groupsToRegroup(pool, active)) {
      const counts = await regroupQueued(pool, active.rule.id, groupKey, { evaluating: active.version });
      if (!counts) return null; // a newer version arrived: start over with it
      result.groups++;
      addCounts(result, counts);
    }
  }
  const { rowCount } = await pool.query(
    `UPDATE rules SET evaluated_version = $2, last_evaluated_at = now() WHERE id = $1 AND current_version = $2`,
    [active.rule.id, active.version],
  );
  return rowCount === 1 ? result : null;
}

/**
 * Brings a rule's signals up to its current version. Returns the last version's result, or null when
 * there was nothing to do or another process is already at it (it goes round again for newer versions).
 */
export async function reevaluateRule(
  pool: pg.Pool,
  ruleId: string,
  log?: (message: string) => void,
): Promise<ReevaluationResult | null> {
  const lockClient = await pool.connect();
  const key = `rule-reevaluate:${ruleId}`;
  try {
    const { rows } = await lockClient.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
      [key],
    );
    if (!rows[0]?.locked) return null;
    try {
      let last: ReevaluationResult | null = null;
      for (;;) {
        const active = await currentRule(pool, ruleId);
        const state = await pool.query<{ evaluated_version: number | null }>(
          "SELECT evaluated_version FROM rules WHERE id = $1",
          [ruleId],
        );
        if (!active || state.rows[0]?.evaluated_version === active.version) return last;
        const started = Date.now();
        const result = await evaluateVersion(pool, active);
        if (result) {
          last = result;
          log?.(
            `rule ${ruleId} v${active.version}: ${result.matches} matches in ${result.candidates} candidates, ${result.groups} groups (${result.created} new, ${result.updated} changed, ${result.merged} merged, ${result.retired} retired) in ${Date.now() - started} ms`,
          );
        }
      }
    } finally {
      await lockClient.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
    }
  } finally {
    lockClient.release();
  }
}

/** Rules whose current version has not been evaluated yet (a change, or a rule new to this database). */
export async function rulesNeedingEvaluation(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM rules WHERE evaluated_version IS DISTINCT FROM current_version ORDER BY id",
  );
  return rows.map((row) => row.id);
}
