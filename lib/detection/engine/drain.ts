import type pg from "pg";
import { type RegroupCounts, regroup } from "@/lib/detection/engine/regroup";
import { type ActiveRule, currentRules, type Queryable } from "@/lib/detection/engine/rules-store";

// Works off the detection queue: each queued group is regrouped in its own transaction, under a lock
// on the group, and its queue entries are removed in that same transaction: a crash at any point leaves
// the entries behind, and the next drain does the work.
// A rule whose newest version is still being re-evaluated is left queued until that finishes.

export interface DrainCounts extends RegroupCounts {
  groups: number;
}

const groupLock = (ruleId: string, groupKey: string) => `signal-group:${ruleId}:${groupKey}`;

/** Takes the group's lock for the transaction, waiting for another drain or re-evaluation to finish it. */
export async function lockGroup(db: Queryable, ruleId: string, groupKey: string): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [groupLock(ruleId, groupKey)]);
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Regroups one group now, if the rule's current version is fully evaluated; removes its queue entries.
 * Returns null when the rule is being re-evaluated to a version other than this one (it stays queued).
 */
export async function regroupQueued(
  pool: pg.Pool,
  ruleId: string,
  groupKey: string,
  /** `evaluating`: the version a re-evaluation is regrouping under; null if it is no longer current. */
  options: { evaluating?: number } = {},
): Promise<RegroupCounts | null> {
  return inTransaction(pool, async (client) => {
    await lockGroup(client, ruleId, groupKey);
    const active = (await currentRules(client)).find((rule) => rule.rule.id === ruleId);
    if (!active) return { created: 0, updated: 0, merged: 0, retired: 0 };
    if (
      options.evaluating !== undefined ? active.version !== options.evaluating : !(await isEvaluated(client, active))
    ) {
      return null;
    }
    const queued = await client.query<{ reason: string; since: Date | null }>(
      "DELETE FROM detection_dirty_groups WHERE rule_id = $1 AND group_key = $2 RETURNING reason, since",
      [ruleId, groupKey],
    );
    // A disabled rule's signals stay as they were; re-enabling it re-evaluates everything. And when
    // another drain took this group's entries while this one waited for the lock, its regrouping came
    // after them, so it saw every match they announced: nothing is left to do.
    const nothing = { created: 0, updated: 0, merged: 0, retired: 0 };
    if (!active.config.enabled) return nothing;
    if (queued.rowCount === 0 && options.evaluating === undefined) return nothing;
    // Follow-up can only change with its subject or with new successful calls, which batches flag; a
    // re-evaluation recomputes it anyway.
    const isFollowUpStale = options.evaluating !== undefined || queued.rows.some((row) => row.reason === "follow_up");
    // From the earliest change the entries announce; a re-evaluation (or an entry without a time) takes all.
    const times = queued.rows.map((row) => row.since);
    const since =
      options.evaluating !== undefined || times.length === 0 || times.some((time) => time === null)
        ? null
        : new Date(Math.min(...times.map((time) => (time as Date).getTime())));
    return regroup(client, active, groupKey, { isFollowUpStale, since });
  });
}

async function isEvaluated(db: Queryable, active: ActiveRule): Promise<boolean> {
  const { rows } = await db.query<{ evaluated_version: number | null }>(
    "SELECT evaluated_version FROM rules WHERE id = $1",
    [active.rule.id],
  );
  return rows[0]?.evaluated_version === active.version;
}

export function addCounts(total: RegroupCounts, counts: RegroupCounts): void {
  total.created += counts.created;
  total.updated += counts.updated;
  total.merged += counts.merged;
  total.retired += counts.retired;
}

/**
 * Regroups the groups queued when it starts. Entries queued meanwhile (an upload still being read) wait
 * for the next drain, at the end of that upload or the worker's periodic check: chasing them would keep
 * a drain running, and taking locks, for as long as the upload lasts.
 */
export async function drainDetection(pool: pg.Pool): Promise<DrainCounts> {
  const total: DrainCounts = { groups: 0, created: 0, updated: 0, merged: 0, retired: 0 };
  const { rows } = await pool.query<{ rule_id: string; group_key: string }>(
    "SELECT DISTINCT rule_id, group_key FROM detection_dirty_groups ORDER BY rule_id, group_key",
  );
  for (const row of rows) {
    // Another drain at the group waits for its turn, so an upload's own matches are grouped before it
    // says done. null: its rule is being re-evaluated; it stays queued until that has finished.
    const counts = await regroupQueued(pool, row.rule_id, row.group_key);
    if (!counts) continue;
    total.groups++;
    addCounts(total, counts);
  }
  return total;
}
