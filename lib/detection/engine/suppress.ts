import { currentRules, type Queryable } from "@/lib/detection/engine/rules-store";
import type { StoredMatch } from "@/lib/detection/engine/signal-content";
import type { SuppressionCondition } from "@/lib/suppressions/conditions";
import {
  type CompiledSuppression,
  compiledSuppression,
  compileSuppression,
  coveringSuppressions,
  type MatchFacts,
  type SuppressionDefinition,
} from "@/lib/suppressions/matcher";

// Suppressions in regrouping: a group's signals are cut from its matches minus the suppressed ones
// (lib/detection/engine/regroup.ts). Which matches each suppression leaves out is written to
// suppressed_matches in the regrouping's transaction, replacing what the group had there: the hit counts
// are counted from it, and it tells a match that comes back from suppression from a new one.

interface SuppressionRow {
  id: string;
  name: string;
  version: number;
  all_rules: boolean;
  rule_ids: string[];
  conditions: SuppressionCondition[];
  starts_at: Date;
  expires_at: Date;
}

export const toDefinition = (row: SuppressionRow): SuppressionDefinition => ({
  id: row.id,
  name: row.name,
  version: row.version,
  allRules: row.all_rules,
  ruleIds: row.rule_ids,
  conditions: row.conditions,
  startsAt: row.starts_at,
  expiresAt: row.expires_at,
});

export const SUPPRESSION_COLUMNS =
  "id::text, name, version, all_rules, rule_ids, conditions, starts_at, expires_at" as const;

/**
 * The suppressions that take part for a rule: enabled and not deleted, whatever their window (an expired
 * one still covers the events before its expiry), in a fixed order.
 */
export async function suppressionsFor(db: Queryable, ruleId: string): Promise<CompiledSuppression[]> {
  const { rows } = await db.query<SuppressionRow>(
    `SELECT ${SUPPRESSION_COLUMNS} FROM suppressions
      WHERE enabled AND deleted_at IS NULL AND (all_rules OR $1 = ANY(rule_ids))
      ORDER BY created_at, id`,
    [ruleId],
  );
  return rows.map((row) => compiledSuppression(toDefinition(row)));
}

export interface Partition {
  kept: StoredMatch[];
  /** Suppressed event id → the ids of the suppressions that cover it. */
  suppressed: Map<string, string[]>;
}

export function partitionMatches(
  suppressions: readonly CompiledSuppression[],
  ruleId: string,
  matches: readonly StoredMatch[],
): Partition {
  const kept: StoredMatch[] = [];
  const suppressed = new Map<string, string[]>();
  for (const match of matches) {
    const by = suppressions.length > 0 ? coveringSuppressions(suppressions, ruleId, match) : [];
    if (by.length > 0) suppressed.set(match.id, by);
    else kept.push(match);
  }
  return { kept, suppressed };
}

/**
 * Replaces the group's suppressed matches (from `start` on, or all) with `partition`'s; answers the event
 * ids that were suppressed before, so a match coming back is told from a new one.
 */
export async function rewriteSuppressedMatches(
  db: Queryable,
  options: {
    ruleId: string;
    groupKey: string;
    start: Date | null;
    partition: Partition;
    matches: readonly StoredMatch[];
  },
): Promise<Set<string>> {
  const { ruleId, groupKey, start, partition } = options;
  const { rows } = await db.query<{ event_id: string }>(
    `DELETE FROM suppressed_matches
      WHERE rule_id = $1 AND group_key = $2 AND ($3::timestamptz IS NULL OR event_time >= $3)
      RETURNING event_id::text`,
    [ruleId, groupKey, start],
  );
  const before = new Set(rows.map((row) => row.event_id));
  if (partition.suppressed.size > 0) {
    const times = new Map(options.matches.map((match) => [match.id, match.time]));
    const suppressionIds: string[] = [];
    const eventIds: string[] = [];
    const eventTimes: Date[] = [];
    for (const [eventId, by] of partition.suppressed) {
      for (const id of by) {
        suppressionIds.push(id);
        eventIds.push(eventId);
        eventTimes.push(times.get(eventId) as Date);
      }
    }
    await db.query(
      `INSERT INTO suppressed_matches (suppression_id, rule_id, event_id, group_key, event_time)
       SELECT s, $1, e, $2, t FROM unnest($3::uuid[], $4::bigint[], $5::timestamptz[]) AS u(s, e, t)`,
      [ruleId, groupKey, suppressionIds, eventIds, eventTimes],
    );
  }
  return before;
}

export interface SuppressionName {
  name: string;
  /** What became of it: "in force" (enabled, not deleted), "disabled" or "deleted". */
  state: "in force" | "disabled" | "deleted";
}

/** The names and states of suppressions, for history entries ("suppressed by CI user"). */
export async function suppressionNames(db: Queryable, ids: readonly string[]): Promise<Map<string, SuppressionName>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string; enabled: boolean; deleted: boolean }>(
    "SELECT id::text, name, enabled, deleted_at IS NOT NULL AS deleted FROM suppressions WHERE id = ANY($1::uuid[])",
    [ids],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      { name: row.name, state: row.deleted ? "deleted" : row.enabled ? "in force" : "disabled" },
    ]),
  );
}

/**
 * The groups whose matches (under each enabled rule's current version) any of `definitions` covers: the
 * groups a change from one to another touches, and nothing else.
 */
export async function touchedGroups(
  db: Queryable,
  definitions: readonly SuppressionDefinition[],
): Promise<{ ruleId: string; groupKey: string }[]> {
  const compiled = definitions.map(compileSuppression);
  const out: { ruleId: string; groupKey: string }[] = [];
  if (compiled.length === 0) return out;
  for (const active of await currentRules(db)) {
    if (!active.config.enabled) continue;
    const ruleId = active.rule.id;
    const { rows } = await db.query<MatchFacts & { groupKey: string }>(
      `SELECT m.group_key AS "groupKey", e.event_time AS "time", e.event_name AS "eventName",
              e.aws_region AS "awsRegion", e.source_ip AS "sourceIp", e.user_agent AS "userAgent",
              e.principal_arn AS "principalArn", e.account_id AS "accountId", e.access_key_id AS "accessKeyId"
         FROM rule_matches m JOIN events e ON e.id = m.event_id
        WHERE m.rule_version_id = $1`,
      [active.versionId],
    );
    const groups = new Set<string>();
    for (const row of rows) {
      if (!groups.has(row.groupKey) && compiled.some((suppression) => suppression.covers(ruleId, row))) {
        groups.add(row.groupKey);
      }
    }
    for (const groupKey of [...groups].sort()) out.push({ ruleId, groupKey });
  }
  return out;
}

/** Queues the groups for a whole regrouping, in the caller's transaction (a crash leaves them queued). */
export async function queueGroups(db: Queryable, groups: readonly { ruleId: string; groupKey: string }[]) {
  if (groups.length === 0) return;
  await db.query(
    `INSERT INTO detection_dirty_groups (rule_id, group_key, reason, since)
     SELECT r, g, 'suppression', NULL FROM unnest($1::text[], $2::text[]) AS u(r, g)`,
    [groups.map((group) => group.ruleId), groups.map((group) => group.groupKey)],
  );
}
