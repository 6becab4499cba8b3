import type { NormalizedEvent } from "@/lib/cloudtrail/normalize";
import type { ConditionResult } from "@/lib/detection/bedrock-rule";
import type { ActiveRule, Queryable } from "@/lib/detection/engine/rules-store";
import { groupKeyOf } from "@/lib/detection/group-key";
import type { RuleConfig } from "@/lib/detection/rule-config";

// Matching stored events against a rule version, and writing the facts: one rule_matches row per
// matched event (with the conditions that held, for "why it fired") and a dirty-group entry per group
// touched, both in the caller's transaction.

export interface MatchRow {
  eventId: bigint;
  groupKey: string;
  eventTime: Date;
  conditions: ConditionResult[];
}

type Matchable = Pick<
  NormalizedEvent,
  | "eventName"
  | "eventSource"
  | "errorCode"
  | "credential"
  | "principalArn"
  | "accessKeyId"
  | "principalName"
  | "eventTime"
> & { id: bigint };

const nameSets = new WeakMap<RuleConfig, Set<string>>();

/** Every name the version lists: most events fail this cheap test and are never evaluated further. */
export function listedNames(config: RuleConfig): Set<string> {
  let names = nameSets.get(config);
  if (!names) {
    names = new Set([...config.seedNames, ...config.bedrockNames]);
    nameSets.set(config, names);
  }
  return names;
}

export function matchEvents(active: ActiveRule, events: readonly Matchable[]): MatchRow[] {
  const names = listedNames(active.config);
  const rows: MatchRow[] = [];
  for (const event of events) {
    if (!names.has(event.eventName)) continue;
    const evaluation = active.rule.evaluate(event, active.config);
    if (!evaluation.matched) continue;
    rows.push({
      eventId: event.id,
      groupKey: groupKeyOf(event),
      eventTime: event.eventTime,
      conditions: evaluation.conditions,
    });
  }
  return rows;
}

/** Stores matches (a match already stored is left as it is) and queues their groups for regrouping. */
export async function storeMatches(
  db: Queryable,
  ruleId: string,
  versionId: string,
  rows: readonly MatchRow[],
  options: { queue: boolean } = { queue: true },
) {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO rule_matches (rule_version_id, event_id, group_key, event_time, explanation)
     SELECT $1, m.event_id, m.group_key, m.event_time, m.explanation
       FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::jsonb[]) AS m(event_id, group_key, event_time, explanation)
     ON CONFLICT DO NOTHING`,
    [
      versionId,
      rows.map((row) => row.eventId.toString()),
      rows.map((row) => row.groupKey),
      rows.map((row) => row.eventTime.toISOString()),
      rows.map((row) => JSON.stringify({ conditions: row.conditions })),
    ],
  );
  if (options.queue) await queueGroups(db, ruleId, [...new Set(rows.map((row) => row.groupKey))]);
}

export async function queueGroups(db: Queryable, ruleId: string, groupKeys: readonly string[]) {
  if (groupKeys.length === 0) return;
  await db.query("INSERT INTO detection_dirty_groups (rule_id, group_key) SELECT $1, unnest($2::text[])", [
    ruleId,
    groupKeys,
  ]);
}

/**
 * Principals and keys that made successful calls: a signal of theirs may now have follow-up activity.
 * Recorded whether or not they have a signal yet, since one may be created by a regrouping that runs
 * before this batch commits.
 */
export async function recordSuccessfulCallers(
  db: Queryable,
  events: readonly Pick<NormalizedEvent, "errorCode" | "principalArn" | "accessKeyId">[],
) {
  const principals = new Set<string>();
  const keys = new Set<string>();
  for (const event of events) {
    if (event.errorCode !== null) continue;
    if (event.principalArn) principals.add(event.principalArn);
    if (event.accessKeyId) keys.add(event.accessKeyId);
  }
  if (principals.size + keys.size === 0) return;
  await db.query(
    `INSERT INTO detection_touched (kind, value)
     SELECT 'principal', unnest($1::text[]) UNION ALL SELECT 'accessKeyId', unnest($2::text[])`,
    [[...principals], [...keys]],
  );
}
