import { holdBatchLock } from "@/lib/detection/engine/batch-lock";
import type { FollowUp } from "@/lib/detection/engine/follow-up";
import type { ActiveRule, Queryable } from "@/lib/detection/engine/rules-store";
import { type SignalContent, type StoredMatch, signalContent } from "@/lib/detection/engine/signal-content";
import { type GroupPlan, planGroup } from "@/lib/detection/plan";
import { sessionize } from "@/lib/detection/sessions";
import { type SignalSummary, summarize } from "@/lib/detection/summary";
import type { Severity, SignalStatus } from "@/lib/generated/prisma/enums";

// Recomputes one group's signals from its matches (DOMAIN.md §5): sessions from the set of matches,
// then each session continues the existing signal planGroup gives it, or becomes a new one. Triage
// state (status, assignee, history) stays with the signal; what is derived (summary, follow-up,
// severity, title, message, its events) is rewritten. Each change of substance is written to the
// signal's history. The caller holds the group's lock and transaction (lib/detection/engine/drain.ts).

export interface RegroupCounts {
  created: number;
  updated: number;
  merged: number;
  retired: number;
}

interface ExistingRow {
  id: string;
  created_at: Date;
  principal_arn: string | null;
  access_key_ids: string[];
  source_ips: string[];
  status: SignalStatus;
  severity: Severity;
  retired_at: Date | null;
  first_seen: Date;
  last_seen: Date;
  event_count: number;
  title: string;
  message: string;
  follow_up: unknown;
  rule_version_id: string;
  event_ids: string[];
}

export async function loadGroupMatches(db: Queryable, versionId: string, groupKey: string): Promise<StoredMatch[]> {
  const { rows } = await db.query<StoredMatch>(
    `SELECT e.id::text AS "id", e.event_time AS "time", e.event_name AS "eventName", e.event_source AS "eventSource",
            e.aws_region AS "awsRegion", e.source_ip AS "sourceIp", e.user_agent AS "userAgent",
            e.error_code AS "errorCode", e.principal_arn AS "principalArn", e.account_id AS "accountId",
            e.access_key_id AS "accessKeyId", e.raw_chunk_id::text AS "rawChunkId", e.raw_index AS "rawIndex"
       FROM rule_matches m JOIN events e ON e.id = m.event_id
      WHERE m.rule_version_id = $1 AND m.group_key = $2`,
    [versionId, groupKey],
  );
  return rows;
}

async function loadExisting(db: Queryable, ruleId: string, groupKey: string): Promise<ExistingRow[]> {
  const { rows } = await db.query<ExistingRow>(
    `SELECT s.id, s.created_at, s.principal_arn, s.access_key_ids, s.source_ips, s.status, s.severity, s.retired_at,
            s.first_seen, s.last_seen, s.event_count,
            s.title, s.message, s.follow_up, s.rule_version_id,
            COALESCE(array_agg(se.event_id::text) FILTER (WHERE se.event_id IS NOT NULL), '{}') AS event_ids
       FROM signals s LEFT JOIN signal_events se ON se.signal_id = s.id
      WHERE s.rule_id = $1 AND s.group_key = $2 AND s.merged_into_id IS NULL
      GROUP BY s.id`,
    [ruleId, groupKey],
  );
  return rows;
}

/** Sessions of a group under a rule version's windows, planned against the group's existing signals. */
export function planSessions(
  active: ActiveRule,
  matches: readonly StoredMatch[],
  existing: readonly Pick<ExistingRow, "id" | "created_at" | "first_seen" | "event_ids">[],
) {
  const sessions = sessionize(matches, {
    keepAliveMs: active.config.keepAliveMinutes * 60_000,
    maxDurationMs: active.config.maxDurationHours * 3_600_000,
  });
  const plan = planGroup(
    sessions,
    existing.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      firstSeen: row.first_seen,
      eventIds: new Set(row.event_ids),
    })),
  );
  return plan;
}

/** JSON with object keys sorted: jsonb hands keys back in its own order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

async function activity(db: Queryable, signalId: string, kind: string, details: Record<string, unknown>) {
  await db.query("INSERT INTO signal_activity (signal_id, kind, details) VALUES ($1, $2, $3)", [
    signalId,
    kind,
    JSON.stringify(details),
  ]);
}

function contentColumns(content: SignalContent) {
  const s = content.summary;
  return [
    content.severity,
    content.title,
    content.message,
    s.principalArn,
    s.accountId,
    s.firstSeen,
    s.lastSeen,
    s.eventCount,
    s.eventNames,
    s.eventSources,
    s.regions,
    s.sourceIps,
    s.userAgents,
    s.accessKeyIds,
    s.errorCodes,
    JSON.stringify(content.followUp),
    JSON.stringify(s.calls),
  ];
}

async function createSignal(
  db: Queryable,
  active: ActiveRule,
  groupKey: string,
  eventIds: readonly string[],
  content: SignalContent,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO signals (rule_id, rule_version_id, group_key, severity, title, message, principal_arn, account_id,
        first_seen, last_seen, event_count, event_names, event_sources, aws_regions, source_ips, user_agents,
        access_key_ids, error_codes, follow_up, calls)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id`,
    [active.rule.id, active.versionId, groupKey, ...contentColumns(content)],
  );
  const id = (rows[0] as { id: string }).id;
  await db.query("INSERT INTO signal_events (signal_id, event_id) SELECT $1, unnest($2::bigint[])", [id, eventIds]);
  await activity(db, id, "created", {
    eventCount: content.summary.eventCount,
    firstSeen: content.summary.firstSeen,
    lastSeen: content.summary.lastSeen,
    severity: content.severity,
    ruleVersion: active.version,
  });
  if (content.isSeverityRaised) {
    await activity(db, id, "severity_changed", {
      from: active.config.severity,
      to: content.severity,
      reason: content.followUp.reason,
    });
  }
  return id;
}

async function updateSignal(
  db: Queryable,
  active: ActiveRule,
  row: ExistingRow,
  eventIds: readonly string[],
  content: SignalContent,
  /** Events this signal gains from signals it absorbs: not new matches. */
  absorbedEventIds: ReadonlySet<string>,
): Promise<boolean> {
  const before = new Set(row.event_ids);
  const after = new Set(eventIds);
  const added = eventIds.filter((id) => !before.has(id));
  const removed = row.event_ids.filter((id) => !after.has(id));
  const newMatches = added.filter((id) => !absorbedEventIds.has(id));
  const isReopened = row.status === "archived" && newMatches.length > 0;
  const isRevived = row.retired_at !== null;
  const contentChanged =
    added.length > 0 ||
    removed.length > 0 ||
    isRevived ||
    row.severity !== content.severity ||
    row.title !== content.title ||
    row.message !== content.message ||
    row.rule_version_id !== active.versionId ||
    canonicalJson(row.follow_up) !== canonicalJson(content.followUp);
  if (!contentChanged) return false;

  await db.query(
    `UPDATE signals SET severity = $2, title = $3, message = $4, principal_arn = $5, account_id = $6, first_seen = $7,
        last_seen = $8, event_count = $9, event_names = $10, event_sources = $11, aws_regions = $12, source_ips = $13,
        user_agents = $14, access_key_ids = $15, error_codes = $16, follow_up = $17, calls = $18, rule_version_id = $19,
        retired_at = NULL, updated_at = now()
        ${isReopened ? ", status = 'open', archive_reason = NULL, version = version + 1" : ""}
      WHERE id = $1`,
    [row.id, ...contentColumns(content), active.versionId],
  );
  if (removed.length > 0) {
    await db.query("DELETE FROM signal_events WHERE signal_id = $1 AND event_id = ANY($2::bigint[])", [
      row.id,
      removed,
    ]);
  }
  if (added.length > 0) {
    await db.query("INSERT INTO signal_events (signal_id, event_id) SELECT $1, unnest($2::bigint[])", [row.id, added]);
  }
  if (newMatches.length > 0 || isRevived) {
    await activity(db, row.id, "new_matches", {
      added: newMatches.length,
      eventCount: content.summary.eventCount,
      lastSeen: content.summary.lastSeen,
      ...(isRevived ? { revived: true, ruleVersion: active.version } : {}),
    });
  }
  if (removed.length > 0) {
    await activity(db, row.id, "new_matches", {
      added: 0,
      removed: removed.length,
      eventCount: content.summary.eventCount,
      reason: `rule version ${active.version} no longer groups ${removed.length} of its events here`,
    });
  }
  if (isReopened) {
    await activity(db, row.id, "reopened", {
      from: "archived",
      reason: `${newMatches.length} new matching event${newMatches.length === 1 ? "" : "s"} arrived after it was archived`,
    });
  }
  if (row.severity !== content.severity) {
    await activity(db, row.id, "severity_changed", {
      from: row.severity,
      to: content.severity,
      reason: content.isSeverityRaised ? content.followUp.reason : `rule version ${active.version}`,
    });
  }
  return true;
}

function followUpOf(value: unknown): FollowUp | null {
  return value && typeof value === "object" && typeof (value as FollowUp).count === "number"
    ? (value as FollowUp)
    : null;
}

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((value) => set.has(value));
};

/** Whether the follow-up of a signal would be looked for with other principal, keys, IPs or start. */
function isNewSubject(row: ExistingRow, summary: SignalSummary): boolean {
  return (
    row.principal_arn !== summary.principalArn ||
    row.first_seen.getTime() !== summary.firstSeen.getTime() ||
    !sameSet(row.access_key_ids, summary.accessKeyIds) ||
    !sameSet(row.source_ips, summary.sourceIps)
  );
}

/** Rewrites a group's signals from its matches under the rule's current version. */
export async function regroup(
  db: Queryable,
  active: ActiveRule,
  groupKey: string,
  /** isFollowUpStale: successful calls may have arrived; otherwise an unchanged subject keeps its follow-up. */
  options: { isFollowUpStale: boolean } = { isFollowUpStale: true },
): Promise<RegroupCounts> {
  const counts: RegroupCounts = { created: 0, updated: 0, merged: 0, retired: 0 };
  const matches = await loadGroupMatches(db, active.versionId, groupKey);
  const existing = await loadExisting(db, active.rule.id, groupKey);
  const plan: GroupPlan<StoredMatch> = planSessions(active, matches, existing);
  const byId = new Map(existing.map((row) => [row.id, row]));

  const absorbedBy = new Map<number, Set<string>>();
  for (const merge of plan.merged) {
    const ids = absorbedBy.get(merge.intoSession) ?? new Set<string>();
    for (const id of byId.get(merge.signalId)?.event_ids ?? []) ids.add(id);
    absorbedBy.set(merge.intoSession, ids);
  }

  // Absorbed signals give up their events first, so each event belongs to one live signal throughout.
  for (const merge of plan.merged) {
    await db.query("DELETE FROM signal_events WHERE signal_id = $1", [merge.signalId]);
  }
  const summaries = plan.sessions.map((session) => summarize(session.events));
  // A signal that is new, revived, or follows up on other principals, keys, IPs or times must not be
  // missed by a batch committing meanwhile: wait for those batches (lib/detection/engine/batch-lock.ts).
  const changesSubject = plan.sessions.some((session, index) => {
    const row = session.signalId ? byId.get(session.signalId) : undefined;
    return !row || row.retired_at !== null || isNewSubject(row, summaries[index] as SignalSummary);
  });
  if (changesSubject) await holdBatchLock(db);
  const sessionSignal: string[] = [];
  for (const [index, session] of plan.sessions.entries()) {
    const summary = summaries[index] as SignalSummary;
    const known = session.signalId ? byId.get(session.signalId) : undefined;
    const keptFollowUp =
      !options.isFollowUpStale && known && known.retired_at === null && !isNewSubject(known, summary)
        ? followUpOf(known.follow_up)
        : null;
    const content = await signalContent(db, active, session.events, summary, keptFollowUp);
    const eventIds = session.events.map((event) => event.id);
    const row = session.signalId ? byId.get(session.signalId) : undefined;
    if (row) {
      if (await updateSignal(db, active, row, eventIds, content, absorbedBy.get(index) ?? new Set())) counts.updated++;
      sessionSignal.push(row.id);
    } else {
      sessionSignal.push(await createSignal(db, active, groupKey, eventIds, content));
      counts.created++;
    }
  }
  for (const merge of plan.merged) {
    const into = sessionSignal[merge.intoSession] as string;
    const absorbed = byId.get(merge.signalId) as ExistingRow;
    await db.query("UPDATE signals SET merged_into_id = $2, updated_at = now() WHERE id = $1", [merge.signalId, into]);
    await activity(db, merge.signalId, "merged", { into, events: absorbed.event_ids.length, role: "absorbed" });
    await activity(db, into, "merged", {
      absorbed: merge.signalId,
      events: absorbed.event_ids.length,
      role: "survivor",
    });
    counts.merged++;
  }
  for (const id of plan.retired) {
    const row = byId.get(id) as ExistingRow;
    if (row.retired_at !== null) continue;
    await db.query("UPDATE signals SET retired_at = now(), updated_at = now() WHERE id = $1", [id]);
    await activity(db, id, "retired", {
      ruleVersion: active.version,
      reason: `none of its ${row.event_count} events match rule version ${active.version}`,
    });
    counts.retired++;
  }
  return counts;
}
