import { holdBatchLock } from "@/lib/detection/engine/batch-lock";
import type { FollowUp } from "@/lib/detection/engine/follow-up";
import type { ActiveRule, Queryable } from "@/lib/detection/engine/rules-store";
import { type StoredMatch, signalContent } from "@/lib/detection/engine/signal-content";
import {
  createSignal,
  type ExistingRow,
  recordActivity,
  recordSuppressed,
  type SuppressionChange,
  updateSignal,
} from "@/lib/detection/engine/signal-writes";
import {
  partitionMatches,
  rewriteSuppressedMatches,
  suppressionNames,
  suppressionsFor,
} from "@/lib/detection/engine/suppress";
import { type GroupPlan, planGroup } from "@/lib/detection/plan";
import { sessionize } from "@/lib/detection/sessions";
import { type SignalSummary, summarize } from "@/lib/detection/summary";

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

/** A group's matches under a version; from `start` on when given. */
export async function loadGroupMatches(
  db: Queryable,
  versionId: string,
  groupKey: string,
  start: Date | null = null,
): Promise<StoredMatch[]> {
  const { rows } = await db.query<StoredMatch>(
    `SELECT e.id::text AS "id", e.event_time AS "time", e.event_name AS "eventName", e.event_source AS "eventSource",
            e.aws_region AS "awsRegion", e.source_ip AS "sourceIp", e.user_agent AS "userAgent",
            e.error_code AS "errorCode", e.principal_arn AS "principalArn", e.account_id AS "accountId",
            e.access_key_id AS "accessKeyId", e.raw_chunk_id::text AS "rawChunkId", e.raw_index AS "rawIndex"
       FROM rule_matches m JOIN events e ON e.id = m.event_id
      WHERE m.rule_version_id = $1 AND m.group_key = $2 AND ($3::timestamptz IS NULL OR m.event_time >= $3)`,
    [versionId, groupKey, start],
  );
  return rows;
}

/** The group's signals that are not merged away; from `start` on, only the live ones starting there or later. */
export async function loadExisting(
  db: Queryable,
  ruleId: string,
  groupKey: string,
  start: Date | null,
): Promise<ExistingRow[]> {
  const { rows } = await db.query<ExistingRow>(
    `SELECT s.id, s.created_at, s.principal_arn, s.access_key_ids, s.source_ips, s.status, s.severity, s.retired_at,
            s.first_seen, s.last_seen, s.event_count,
            s.title, s.message, s.follow_up, s.rule_version_id, s.suppressed_by_ids::text[] AS suppressed_by_ids,
            COALESCE(array_agg(se.event_id::text) FILTER (WHERE se.event_id IS NOT NULL), '{}') AS event_ids
       FROM signals s LEFT JOIN signal_events se ON se.signal_id = s.id
      WHERE s.rule_id = $1 AND s.group_key = $2 AND s.merged_into_id IS NULL
        AND ($3::timestamptz IS NULL OR (s.retired_at IS NULL AND s.first_seen >= $3))
      GROUP BY s.id`,
    [ruleId, groupKey, start],
  );
  return rows;
}

/**
 * Where regrouping may start when only matches at or after `since` are new: at the first match of the
 * live signal in progress at `since`. Sessions are cut walking forward in time, so every cut before that
 * signal's start depends only on earlier matches, which did not change, and its start stays a cut. So a
 * long-running attacker's regrouping reads its latest signal, not its whole history.
 */
async function windowStart(db: Queryable, ruleId: string, groupKey: string, since: Date): Promise<Date> {
  const { rows } = await db.query<{ first_seen: Date }>(
    `SELECT first_seen FROM signals
      WHERE rule_id = $1 AND group_key = $2 AND merged_into_id IS NULL AND retired_at IS NULL AND first_seen <= $3
      ORDER BY first_seen DESC LIMIT 1`,
    [ruleId, groupKey, since],
  );
  return rows[0]?.first_seen ?? since;
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
  options: {
    /** Successful calls may have arrived; otherwise an unchanged subject keeps its follow-up. */
    isFollowUpStale: boolean;
    /** Nothing before this changed (see windowStart); null: regroup the whole group. */
    since: Date | null;
  } = { isFollowUpStale: true, since: null },
): Promise<RegroupCounts> {
  const counts: RegroupCounts = { created: 0, updated: 0, merged: 0, retired: 0 };
  const start = options.since ? await windowStart(db, active.rule.id, groupKey, options.since) : null;
  const all = await loadGroupMatches(db, active.versionId, groupKey, start);
  // Suppressed matches take no part (lib/detection/engine/suppress.ts); which they are is rewritten here.
  const partition = partitionMatches(await suppressionsFor(db, active.rule.id), active.rule.id, all);
  const wasSuppressed = await rewriteSuppressedMatches(db, {
    ruleId: active.rule.id,
    groupKey,
    start,
    partition,
    matches: all,
  });
  const matches = partition.kept;
  const existing = await loadExisting(db, active.rule.id, groupKey, start);
  const plan: GroupPlan<StoredMatch> = planSessions(active, matches, existing);
  const names = await suppressionNames(db, [
    ...new Set([...[...partition.suppressed.values()].flat(), ...existing.flatMap((row) => row.suppressed_by_ids)]),
  ]);
  const suppression: SuppressionChange = {
    suppressed: partition.suppressed,
    returning: new Set(matches.filter((match) => wasSuppressed.has(match.id)).map((match) => match.id)),
    names,
  };
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
      if (await updateSignal(db, active, row, eventIds, content, absorbedBy.get(index) ?? new Set(), suppression)) {
        counts.updated++;
      }
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
    await recordActivity(db, merge.signalId, "merged", { into, events: absorbed.event_ids.length, role: "absorbed" });
    await recordActivity(db, into, "merged", {
      absorbed: merge.signalId,
      events: absorbed.event_ids.length,
      role: "survivor",
    });
    counts.merged++;
  }
  for (const id of plan.retired) {
    const row = byId.get(id) as ExistingRow;
    // Retired because suppressions leave out its matches: listed under Suppressed, named by them.
    const by = [...new Set(row.event_ids.flatMap((eventId) => partition.suppressed.get(eventId) ?? []))].sort();
    if (row.retired_at !== null) {
      if (!sameSet(by, row.suppressed_by_ids)) {
        await db.query("UPDATE signals SET suppressed_by_ids = $2::uuid[], updated_at = now() WHERE id = $1", [id, by]);
        if (by.length > 0) await recordSuppressed(db, id, row.event_ids.length, by, names, "retired");
      }
      continue;
    }
    await db.query(
      "UPDATE signals SET retired_at = now(), suppressed_by_ids = $2::uuid[], updated_at = now() WHERE id = $1",
      [id, by],
    );
    if (by.length > 0) {
      await recordSuppressed(db, id, row.event_ids.length, by, names, "retired");
    } else {
      await recordActivity(db, id, "retired", {
        ruleVersion: active.version,
        reason: `none of its ${row.event_count} events match rule version ${active.version}`,
      });
    }
    counts.retired++;
  }
  return counts;
}
