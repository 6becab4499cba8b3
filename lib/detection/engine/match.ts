import type { NormalizedEvent } from "@/lib/cloudtrail/normalize";
import type { ConditionResult } from "@/lib/detection/bedrock-rule";
import { FOLLOW_UP_WINDOW_MS } from "@/lib/detection/engine/follow-up";
import type { ActiveRule, Queryable } from "@/lib/detection/engine/rules-store";
import { groupKeyOf } from "@/lib/detection/group-key";
import type { RuleConfig } from "@/lib/detection/rule-config";

// Matching stored events against a rule version, and writing the facts: one rule_matches row per
// matched event (with the conditions that held, for "why it fired") and a dirty-group entry per group
// touched, both in the caller's transaction.

export interface MatchRow {
  /** The stored event's unique key: matches found during ingest do not know its events.id. */
  eventKey: string;
  groupKey: string;
  eventTime: Date;
  conditions: ConditionResult[];
}

type Matchable = Pick<
  NormalizedEvent,
  | "eventKey"
  | "eventName"
  | "eventSource"
  | "errorCode"
  | "credential"
  | "principalArn"
  | "accessKeyId"
  | "principalName"
  | "eventTime"
>;

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
      eventKey: event.eventKey,
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
     SELECT $1, e.id, m.group_key, m.event_time, m.explanation
       FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::jsonb[]) AS m(event_key, group_key, event_time, explanation)
       JOIN events e ON e.event_key = m.event_key
     ON CONFLICT DO NOTHING`,
    [
      versionId,
      rows.map((row) => row.eventKey),
      rows.map((row) => row.groupKey),
      rows.map((row) => row.eventTime.toISOString()),
      rows.map((row) => JSON.stringify({ conditions: row.conditions })),
    ],
  );
  if (!options.queue) return;
  // Each group from its earliest new match: sessions before that cannot change (lib/detection/engine/regroup.ts).
  const earliest = new Map<string, Date>();
  for (const row of rows) {
    const known = earliest.get(row.groupKey);
    if (!known || row.eventTime < known) earliest.set(row.groupKey, row.eventTime);
  }
  await queueGroups(
    db,
    ruleId,
    [...earliest].map(([groupKey, since]) => ({ groupKey, since })),
  );
}

export type QueueReason = "matches" | "follow_up";

/** A group to regroup, from `since` on (what came before cannot have changed), or whole when null. */
export interface QueuedGroup {
  groupKey: string;
  since: Date | null;
}

export async function queueGroups(
  db: Queryable,
  ruleId: string,
  groups: readonly QueuedGroup[],
  reason: QueueReason = "matches",
) {
  if (groups.length === 0) return;
  await db.query(
    `INSERT INTO detection_dirty_groups (rule_id, group_key, since, reason)
     SELECT $1, g.group_key, g.since, $4 FROM unnest($2::text[], $3::timestamptz[]) AS g(group_key, since)`,
    [ruleId, groups.map((group) => group.groupKey), groups.map((group) => group.since?.toISOString() ?? null), reason],
  );
}

type Caller = Pick<NormalizedEvent, "errorCode" | "principalArn" | "accessKeyId" | "sourceIp" | "eventTime">;

/**
 * Queues the groups of live signals that this batch's successful calls follow up on: the same principal
 * or key, from one of the signal's IPs, within 24 hours of its first denial (lib/detection/engine/follow-up.ts).
 * Call with the batch lock held (shared; lib/detection/engine/batch-lock.ts).
 */
export async function queueFollowUpGroups(db: Queryable, events: readonly Caller[]) {
  // Successful calls by principal and by key, so each candidate signal looks only at its own callers.
  const byPrincipal = new Map<string, Caller[]>();
  const byKey = new Map<string, Caller[]>();
  const add = (map: Map<string, Caller[]>, key: string, event: Caller) => {
    const list = map.get(key);
    if (list) list.push(event);
    else map.set(key, [event]);
  };
  for (const event of events) {
    if (event.errorCode !== null || !event.sourceIp) continue;
    if (event.principalArn) add(byPrincipal, event.principalArn, event);
    if (event.accessKeyId) add(byKey, event.accessKeyId, event);
  }
  if (byPrincipal.size + byKey.size === 0) return;
  // Signals are found by time, not by caller: a batch names hundreds of principals and keys, while only
  // the few signals whose 24 h window overlaps the batch's calls can be followed up on.
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const list of [...byPrincipal.values(), ...byKey.values()]) {
    for (const event of list) {
      const time = event.eventTime.getTime();
      if (time < earliest) earliest = time;
      if (time > latest) latest = time;
    }
  }
  const { rows } = await db.query<{
    rule_id: string;
    group_key: string;
    principal_arn: string | null;
    access_key_ids: string[];
    source_ips: string[];
    first_seen: Date;
  }>(
    `SELECT rule_id, group_key, principal_arn, access_key_ids, source_ips, first_seen FROM signals
      WHERE first_seen <= $1 AND first_seen >= $2 AND merged_into_id IS NULL AND retired_at IS NULL`,
    [new Date(latest), new Date(earliest - FOLLOW_UP_WINDOW_MS)],
  );
  // Per group, the earliest first denial among its signals followed up on.
  const byRule = new Map<string, Map<string, Date>>();
  for (const signal of rows) {
    const ips = new Set(signal.source_ips);
    const start = signal.first_seen.getTime();
    const end = start + FOLLOW_UP_WINDOW_MS;
    const callers = [
      ...(signal.principal_arn ? (byPrincipal.get(signal.principal_arn) ?? []) : []),
      ...signal.access_key_ids.flatMap((key) => byKey.get(key) ?? []),
    ];
    const followsUp = callers.some((event) => {
      const time = event.eventTime.getTime();
      return ips.has(event.sourceIp as string) && time >= start && time <= end;
    });
    if (!followsUp) continue;
    const groups = byRule.get(signal.rule_id) ?? new Map<string, Date>();
    const known = groups.get(signal.group_key);
    if (!known || signal.first_seen < known) groups.set(signal.group_key, signal.first_seen);
    byRule.set(signal.rule_id, groups);
  }
  for (const [ruleId, groups] of byRule) {
    const entries = [...groups].map(([groupKey, since]) => ({ groupKey, since }));
    await queueGroups(db, ruleId, entries, "follow_up");
  }
}
