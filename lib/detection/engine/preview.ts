import { findFollowUp } from "@/lib/detection/engine/follow-up";
import { matchStoredEvents } from "@/lib/detection/engine/reevaluate";
import { planSessions } from "@/lib/detection/engine/regroup";
import type { ActiveRule, Queryable } from "@/lib/detection/engine/rules-store";
import type { StoredMatch } from "@/lib/detection/engine/signal-content";
import type { RuleConfig } from "@/lib/detection/rule-config";
import { signalSeverity, summarize } from "@/lib/detection/summary";
import type { Severity } from "@/lib/generated/prisma/enums";

// What a proposed configuration would do, before it is saved: the stored events are evaluated and
// grouped under it exactly as a re-evaluation would (the same matching, sessions and plan), but
// nothing is written. Each resulting signal is compared with today's live signals: added (no live
// signal continues as it), removed (a live signal no session continues: merged away or left without
// matches) or changed (its events, window or severity differ).

export interface PreviewSignal {
  signalId: string | null;
  groupKey: string;
  principalArn: string | null;
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  severity: Severity;
  /** To tell two signals of one principal apart. */
  sourceIps: string[];
  eventNames: string[];
}

export interface PreviewChange {
  before: PreviewSignal;
  after: PreviewSignal;
  /** What differs, in words. */
  differences: string[];
}

export interface RulePreview {
  enabled: boolean;
  current: { signals: number };
  proposed: { signals: number; matches: number; candidates: number };
  added: PreviewSignal[];
  removed: PreviewSignal[];
  changed: PreviewChange[];
  counts: { added: number; removed: number; changed: number; unchanged: number };
  /** Lists hold at most this many entries each; `counts` has the totals. */
  limit: number;
}

const LIMIT = 100;

interface LiveSignal {
  id: string;
  group_key: string;
  principal_arn: string | null;
  created_at: Date;
  first_seen: Date;
  last_seen: Date;
  event_count: number;
  severity: Severity;
  source_ips: string[];
  event_names: string[];
  event_ids: string[];
}

async function liveSignals(db: Queryable, ruleId: string): Promise<LiveSignal[]> {
  const { rows } = await db.query<LiveSignal>(
    `SELECT s.id, s.group_key, s.principal_arn, s.created_at, s.first_seen, s.last_seen, s.event_count, s.severity,
            s.source_ips, s.event_names,
            COALESCE(array_agg(se.event_id::text) FILTER (WHERE se.event_id IS NOT NULL), '{}') AS event_ids
       FROM signals s LEFT JOIN signal_events se ON se.signal_id = s.id
      WHERE s.rule_id = $1 AND s.merged_into_id IS NULL AND s.retired_at IS NULL
      GROUP BY s.id`,
    [ruleId],
  );
  return rows;
}

/** The matched events' columns, by event key. */
async function matchedEvents(db: Queryable, keys: string[]): Promise<Map<string, StoredMatch>> {
  const { rows } = await db.query<StoredMatch & { eventKey: string }>(
    `SELECT e.id::text AS "id", e.event_time AS "time", e.event_name AS "eventName", e.event_source AS "eventSource",
            e.aws_region AS "awsRegion", e.source_ip AS "sourceIp", e.user_agent AS "userAgent",
            e.error_code AS "errorCode", e.principal_arn AS "principalArn", e.account_id AS "accountId",
            e.access_key_id AS "accessKeyId", e.raw_chunk_id::text AS "rawChunkId", e.raw_index AS "rawIndex",
            e.event_key AS "eventKey"
       FROM events e WHERE e.event_key = ANY($1::text[])`,
    [keys],
  );
  return new Map(rows.map((row) => [row.eventKey, row]));
}

const fromLive = (signal: LiveSignal): PreviewSignal => ({
  signalId: signal.id,
  groupKey: signal.group_key,
  principalArn: signal.principal_arn,
  firstSeen: signal.first_seen.toISOString(),
  lastSeen: signal.last_seen.toISOString(),
  eventCount: signal.event_count,
  severity: signal.severity,
  sourceIps: signal.source_ips,
  eventNames: signal.event_names,
});

function differences(before: LiveSignal, after: PreviewSignal, sameEvents: boolean): string[] {
  const out: string[] = [];
  if (after.eventCount !== before.event_count) out.push(`${before.event_count} → ${after.eventCount} events`);
  else if (!sameEvents) out.push("a different set of events");
  if (after.firstSeen !== before.first_seen.toISOString() || after.lastSeen !== before.last_seen.toISOString()) {
    out.push("a different time window");
  }
  if (after.severity !== before.severity) out.push(`severity ${before.severity} → ${after.severity}`);
  return out;
}

export async function previewRule(db: Queryable, current: ActiveRule, proposed: RuleConfig): Promise<RulePreview> {
  const live = await liveSignals(db, current.rule.id);
  const preview: RulePreview = {
    enabled: proposed.enabled,
    current: { signals: live.length },
    proposed: { signals: live.length, matches: 0, candidates: 0 },
    added: [],
    removed: [],
    changed: [],
    counts: { added: 0, removed: 0, changed: 0, unchanged: live.length },
    limit: LIMIT,
  };
  // A disabled rule leaves its signals as they are and adds none.
  if (!proposed.enabled) return preview;

  const active: ActiveRule = { ...current, config: proposed, version: current.version + 1, versionId: "preview" };
  const groups = new Map<string, string[]>();
  const scanned = await matchStoredEvents(db, active, async (found) => {
    for (const match of found) {
      const keys = groups.get(match.groupKey) ?? [];
      keys.push(match.eventKey);
      groups.set(match.groupKey, keys);
    }
  });
  preview.proposed.matches = scanned.matches;
  preview.proposed.candidates = scanned.candidates;
  const events = await matchedEvents(db, [...groups.values()].flat());
  const liveByGroup = new Map<string, LiveSignal[]>();
  for (const signal of live) liveByGroup.set(signal.group_key, [...(liveByGroup.get(signal.group_key) ?? []), signal]);
  for (const key of liveByGroup.keys()) if (!groups.has(key)) groups.set(key, []);

  const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  let proposedSignals = 0;
  for (const [groupKey, keys] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const matches = keys.map((key) => events.get(key)).filter((match): match is StoredMatch => match !== undefined);
    const existing = liveByGroup.get(groupKey) ?? [];
    const plan = planSessions(active, matches, existing);
    const byId = new Map(existing.map((signal) => [signal.id, signal]));
    for (const session of plan.sessions) {
      proposedSignals++;
      const summary = summarize(session.events);
      const followUp = await findFollowUp(db, summary);
      const after: PreviewSignal = {
        signalId: session.signalId,
        groupKey,
        principalArn: summary.principalArn,
        firstSeen: summary.firstSeen.toISOString(),
        lastSeen: summary.lastSeen.toISOString(),
        eventCount: summary.eventCount,
        severity: signalSeverity(proposed.severity, followUp.count).severity,
        sourceIps: summary.sourceIps,
        eventNames: summary.eventNames,
      };
      const before = session.signalId ? byId.get(session.signalId) : undefined;
      if (!before) {
        counts.added++;
        if (preview.added.length < LIMIT) preview.added.push(after);
        continue;
      }
      const ids = new Set(before.event_ids);
      const sameEvents = ids.size === session.events.length && session.events.every((event) => ids.has(event.id));
      const diff = differences(before, after, sameEvents);
      if (diff.length === 0) counts.unchanged++;
      else {
        counts.changed++;
        if (preview.changed.length < LIMIT)
          preview.changed.push({ before: fromLive(before), after, differences: diff });
      }
    }
    for (const gone of [...plan.merged.map((merge) => merge.signalId), ...plan.retired]) {
      counts.removed++;
      const signal = byId.get(gone);
      if (signal && preview.removed.length < LIMIT) preview.removed.push(fromLive(signal));
    }
  }
  preview.proposed.signals = proposedSignals;
  preview.counts = counts;
  return preview;
}
