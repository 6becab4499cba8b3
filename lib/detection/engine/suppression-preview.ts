import { loadExisting, planSessions } from "@/lib/detection/engine/regroup";
import { currentRules, type Queryable } from "@/lib/detection/engine/rules-store";
import type { StoredMatch } from "@/lib/detection/engine/signal-content";
import { partitionMatches, suppressionsFor } from "@/lib/detection/engine/suppress";
import type { Severity, SignalStatus } from "@/lib/generated/prisma/enums";
import { type CompiledSuppression, compileSuppression, type SuppressionDefinition } from "@/lib/suppressions/matcher";

// What saving a suppression would do, before it is saved: the same matching (lib/suppressions/matcher.ts),
// partition, sessions and plan a regrouping uses (lib/detection/engine/regroup.ts), run over the stored
// matches of the groups the change touches, with nothing written. A test compares it with the effect of
// the save.

export interface PreviewedSignal {
  id: string;
  title: string;
  principalArn: string | null;
  status: SignalStatus;
  severity: Severity;
  eventCount: number;
  firstSeen: string;
  lastSeen: string;
  /** For a changed signal: its event count after the change. */
  eventCountAfter?: number;
}

export interface SuppressionPreview {
  /** Distinct events the draft covers, and matches (an event matched by a rule in its scope). */
  events: number;
  matches: number;
  /** Live signals it would retire (all their matches left out), open and under review first. */
  signalsHidden: PreviewedSignal[];
  /** Live signals that keep some matches but lose others, or are merged into another. */
  signalsChanged: PreviewedSignal[];
  /** Signals hidden today that would come back (an edit that narrows a suppression). */
  signalsRestored: PreviewedSignal[];
  openSignalsHidden: number;
  counts: { signalsHidden: number; signalsChanged: number; signalsRestored: number };
  principals: { value: string; count: number }[];
  ips: { value: string; count: number }[];
  accessKeys: { value: string; count: number }[];
  sample: SampleEvent[];
  /** Lists hold at most this many entries; `counts` has the totals. */
  limit: number;
}

export interface SampleEvent {
  id: string;
  time: string;
  eventName: string;
  eventSource: string | null;
  principalArn: string | null;
  sourceIp: string | null;
  accessKeyId: string | null;
  userAgent: string | null;
  awsRegion: string | null;
}

const LIMIT = 100;
const SAMPLE = 20;

type GroupedMatch = StoredMatch & { groupKey: string };

async function ruleMatches(db: Queryable, versionId: string): Promise<GroupedMatch[]> {
  const { rows } = await db.query<GroupedMatch>(
    `SELECT e.id::text AS "id", e.event_time AS "time", e.event_name AS "eventName", e.event_source AS "eventSource",
            e.aws_region AS "awsRegion", e.source_ip AS "sourceIp", e.user_agent AS "userAgent",
            e.error_code AS "errorCode", e.principal_arn AS "principalArn", e.account_id AS "accountId",
            e.access_key_id AS "accessKeyId", e.raw_chunk_id::text AS "rawChunkId", e.raw_index AS "rawIndex",
            m.group_key AS "groupKey"
       FROM rule_matches m JOIN events e ON e.id = m.event_id
      WHERE m.rule_version_id = $1`,
    [versionId],
  );
  return rows;
}

interface SignalRow {
  id: string;
  title: string;
  principal_arn: string | null;
  status: SignalStatus;
  severity: Severity;
  event_count: number;
  first_seen: Date;
  last_seen: Date;
}

async function signalRows(db: Queryable, ids: string[]): Promise<Map<string, SignalRow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<SignalRow>(
    `SELECT id::text, title, principal_arn, status, severity, event_count, first_seen, last_seen
       FROM signals WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

const STATUS_ORDER: Record<SignalStatus, number> = { open: 0, under_review: 1, archived: 2 };
const byTriage = (a: PreviewedSignal, b: PreviewedSignal) =>
  STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.lastSeen.localeCompare(a.lastSeen) || (a.id < b.id ? -1 : 1);

const toPreviewed = (row: SignalRow, eventCountAfter?: number): PreviewedSignal => ({
  id: row.id,
  title: row.title,
  principalArn: row.principal_arn,
  status: row.status,
  severity: row.severity,
  eventCount: row.event_count,
  firstSeen: row.first_seen.toISOString(),
  lastSeen: row.last_seen.toISOString(),
  ...(eventCountAfter === undefined ? {} : { eventCountAfter }),
});

function tally(values: (string | null)[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    .slice(0, LIMIT);
}

/**
 * The effect of saving `draft` (enabled or not) in place of `replacing` (the suppression being edited, as
 * stored; null for a new one). Groups that neither the draft nor the stored version covers are untouched
 * by the save, so only the others are planned.
 */
export async function previewSuppression(
  db: Queryable,
  draft: SuppressionDefinition & { enabled: boolean },
  replacing: (SuppressionDefinition & { enabled: boolean }) | null,
): Promise<SuppressionPreview> {
  const proposed = compileSuppression(draft);
  const stored = replacing ? compileSuppression(replacing) : null;
  const covered = new Map<string, GroupedMatch>();
  let matchCount = 0;
  const hidden = new Set<string>();
  const changed = new Map<string, number>();
  const restored = new Set<string>();

  for (const active of await currentRules(db)) {
    if (!active.config.enabled) continue;
    const ruleId = active.rule.id;
    const inForce = (await suppressionsFor(db, ruleId)).filter((s) => s.id !== draft.id && s.id !== replacing?.id);
    const after: CompiledSuppression[] = draft.enabled ? [...inForce, proposed] : inForce;
    const before: CompiledSuppression[] = stored && replacing?.enabled ? [...inForce, stored] : inForce;
    const byGroup = new Map<string, GroupedMatch[]>();
    const touched = new Set<string>();
    for (const match of await ruleMatches(db, active.versionId)) {
      const list = byGroup.get(match.groupKey) ?? [];
      list.push(match);
      byGroup.set(match.groupKey, list);
      const isCovered = draft.enabled && proposed.covers(ruleId, match);
      if (isCovered) {
        matchCount++;
        covered.set(match.id, match);
      }
      if (isCovered || (replacing?.enabled && stored?.covers(ruleId, match))) touched.add(match.groupKey);
    }
    for (const groupKey of [...touched].sort()) {
      const matches = byGroup.get(groupKey) ?? [];
      const existing = await loadExisting(db, ruleId, groupKey, null);
      const isLive = new Map(existing.map((row) => [row.id, row.retired_at === null]));
      const planBefore = planSessions(active, partitionMatches(before, ruleId, matches).kept, existing);
      const planAfter = planSessions(active, partitionMatches(after, ruleId, matches).kept, existing);
      const continuedBefore = new Map(planBefore.sessions.map((s) => [s.signalId, s.events.map((e) => e.id)]));
      for (const session of planAfter.sessions) {
        if (!session.signalId) continue;
        const was = continuedBefore.get(session.signalId);
        const now = session.events.map((event) => event.id);
        if (!was) {
          restored.add(session.signalId);
          continue;
        }
        const same = was.length === now.length && new Set(was).size === new Set([...was, ...now]).size;
        if (!same && isLive.get(session.signalId)) changed.set(session.signalId, now.length);
      }
      for (const id of planAfter.retired) {
        if (isLive.get(id) && continuedBefore.has(id)) hidden.add(id);
      }
      for (const merge of planAfter.merged) {
        if (isLive.get(merge.signalId) && continuedBefore.has(merge.signalId)) changed.set(merge.signalId, 0);
      }
    }
  }

  const rows = await signalRows(db, [...hidden, ...changed.keys(), ...restored]);
  const list = (ids: Iterable<string>, after?: Map<string, number>) =>
    [...ids]
      .map((id) => rows.get(id))
      .filter((row): row is SignalRow => row !== undefined)
      .map((row) => toPreviewed(row, after?.get(row.id)))
      .sort(byTriage);
  const signalsHidden = list(hidden);
  const signalsChanged = list(changed.keys(), changed);
  const signalsRestored = list(restored);
  const events = [...covered.values()];
  const sample = events
    .sort((a, b) => b.time.getTime() - a.time.getTime() || (a.id < b.id ? -1 : 1))
    .slice(0, SAMPLE)
    .map(
      (event): SampleEvent => ({
        id: event.id,
        time: event.time.toISOString(),
        eventName: event.eventName,
        eventSource: event.eventSource,
        principalArn: event.principalArn,
        sourceIp: event.sourceIp,
        accessKeyId: event.accessKeyId,
        userAgent: event.userAgent,
        awsRegion: event.awsRegion,
      }),
    );
  return {
    events: covered.size,
    matches: matchCount,
    signalsHidden: signalsHidden.slice(0, LIMIT),
    signalsChanged: signalsChanged.slice(0, LIMIT),
    signalsRestored: signalsRestored.slice(0, LIMIT),
    openSignalsHidden: signalsHidden.filter((signal) => signal.status !== "archived").length,
    counts: {
      signalsHidden: signalsHidden.length,
      signalsChanged: signalsChanged.length,
      signalsRestored: signalsRestored.length,
    },
    principals: tally(events.map((event) => event.principalArn)),
    ips: tally(events.map((event) => event.sourceIp)),
    accessKeys: tally(events.map((event) => event.accessKeyId)),
    sample,
    limit: LIMIT,
  };
}
