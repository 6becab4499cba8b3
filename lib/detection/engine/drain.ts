import type pg from "pg";
import { holdFollowUpLock } from "@/lib/detection/engine/match";
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

/** Takes the group's lock for the transaction; false when `wait` is off and another drain holds it. */
export async function lockGroup(db: Queryable, ruleId: string, groupKey: string, wait: boolean): Promise<boolean> {
  const key = groupLock(ruleId, groupKey);
  if (wait) {
    await db.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [key]);
    return true;
  }
  const { rows } = await db.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked",
    [key],
  );
  return rows[0]?.locked === true;
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
 * Returns null when the group is locked by someone else (it stays queued).
 */
export async function regroupQueued(
  pool: pg.Pool,
  ruleId: string,
  groupKey: string,
  /** `evaluating`: the version a re-evaluation is regrouping under; null if it is no longer current. */
  options: { wait: boolean; evaluating?: number },
): Promise<RegroupCounts | null> {
  return inTransaction(pool, async (client) => {
    if (!(await lockGroup(client, ruleId, groupKey, options.wait))) return null;
    const active = (await currentRules(client)).find((rule) => rule.rule.id === ruleId);
    if (!active) return { created: 0, updated: 0, merged: 0, retired: 0 };
    if (
      options.evaluating !== undefined ? active.version !== options.evaluating : !(await isEvaluated(client, active))
    ) {
      return null;
    }
    await client.query("DELETE FROM detection_dirty_groups WHERE rule_id = $1 AND group_key = $2", [ruleId, groupKey]);
    await holdFollowUpLock(client);
    // A disabled rule's signals stay as they were; re-enabling it re-evaluates everything.
    if (!active.config.enabled) return { created: 0, updated: 0, merged: 0, retired: 0 };
    return regroup(client, active, groupKey);
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

export async function drainDetection(pool: pg.Pool): Promise<DrainCounts> {
  const total: DrainCounts = { groups: 0, created: 0, updated: 0, merged: 0, retired: 0 };
  const passed = new Map<string, { ruleId: string; groupKey: string }>();
  for (;;) {
    const skipped = [...passed.values()];
    const { rows: todo } = await pool.query<{ rule_id: string; group_key: string }>(
      `SELECT DISTINCT rule_id, group_key FROM detection_dirty_groups d
        WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS p(rule_id, group_key)
                           WHERE p.rule_id = d.rule_id AND p.group_key = d.group_key)
        LIMIT 1000`,
      [skipped.map((entry) => entry.ruleId), skipped.map((entry) => entry.groupKey)],
    );
    if (todo.length === 0) return total;
    for (const row of todo) {
      const counts = await regroupQueued(pool, row.rule_id, row.group_key, { wait: false });
      if (counts) {
        total.groups++;
        addCounts(total, counts);
      } else {
        // Locked by another drain, or its rule is being re-evaluated: left queued for later.
        passed.set(`${row.rule_id}\u0000${row.group_key}`, { ruleId: row.rule_id, groupKey: row.group_key });
      }
    }
  }
}
