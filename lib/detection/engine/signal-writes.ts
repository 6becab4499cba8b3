import type { ActiveRule, Queryable } from "@/lib/detection/engine/rules-store";
import type { SignalContent } from "@/lib/detection/engine/signal-content";
import type { SuppressionName } from "@/lib/detection/engine/suppress";
import type { Severity, SignalStatus } from "@/lib/generated/prisma/enums";

// Writing one signal from its recomputed content (lib/detection/engine/regroup.ts decides which): the
// derived columns, its events, and a history entry for each change of substance. Triage columns are
// left alone, except that new matches reopen an archived signal.

/** A live or retired signal of the group, as regrouping reads it. */
export interface ExistingRow {
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
  /** Set while the signal is retired because suppressions leave out its matches. */
  suppressed_by_ids: string[];
  event_ids: string[];
}

/** What suppressions did to the group in this regrouping (lib/detection/engine/suppress.ts). */
export interface SuppressionChange {
  /** Suppressed event id → the suppressions that cover it. */
  suppressed: ReadonlyMap<string, readonly string[]>;
  /** Matches that were suppressed before this regrouping and take part again: not new matches. */
  returning: ReadonlySet<string>;
  names: ReadonlyMap<string, SuppressionName>;
}

const NO_SUPPRESSION: SuppressionChange = { suppressed: new Map(), returning: new Set(), names: new Map() };

/** "suppressed by <name>": a history entry naming the suppressions that left out `count` of its events. */
export async function recordSuppressed(
  db: Queryable,
  signalId: string,
  count: number,
  suppressionIds: readonly string[],
  names: ReadonlyMap<string, SuppressionName>,
  effect: "retired" | "reduced",
  eventCount?: number,
) {
  await recordActivity(db, signalId, "suppressed", {
    effect,
    count,
    ...(eventCount === undefined ? {} : { eventCount }),
    suppressions: suppressionIds.map((id) => ({ id, name: names.get(id)?.name ?? null })),
  });
}

/** JSON with object keys sorted: jsonb hands keys back in its own order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export async function recordActivity(db: Queryable, signalId: string, kind: string, details: Record<string, unknown>) {
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

export async function createSignal(
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
  await recordActivity(db, id, "created", {
    eventCount: content.summary.eventCount,
    firstSeen: content.summary.firstSeen,
    lastSeen: content.summary.lastSeen,
    severity: content.severity,
    ruleVersion: active.version,
  });
  if (content.isSeverityRaised) {
    await recordActivity(db, id, "severity_changed", {
      from: active.config.severity,
      to: content.severity,
      reason: content.followUp.reason,
    });
  }
  return id;
}

export async function updateSignal(
  db: Queryable,
  active: ActiveRule,
  row: ExistingRow,
  eventIds: readonly string[],
  content: SignalContent,
  /** Events this signal gains from signals it absorbs: not new matches. */
  absorbedEventIds: ReadonlySet<string>,
  suppression: SuppressionChange = NO_SUPPRESSION,
): Promise<boolean> {
  const before = new Set(row.event_ids);
  const after = new Set(eventIds);
  const added = eventIds.filter((id) => !before.has(id));
  const removedAll = row.event_ids.filter((id) => !after.has(id));
  // Events that suppressions now leave out, and events coming back from suppression: neither is a change
  // of the rule's matches, and a returning event does not reopen an archived signal.
  const removedSuppressed = removedAll.filter((id) => suppression.suppressed.has(id));
  const removed = removedAll.filter((id) => !suppression.suppressed.has(id));
  const returning = added.filter((id) => suppression.returning.has(id));
  const newMatches = added.filter((id) => !absorbedEventIds.has(id) && !suppression.returning.has(id));
  const isReopened = row.status === "archived" && newMatches.length > 0;
  const isRevived = row.retired_at !== null;
  const isUnsuppressed = isRevived && row.suppressed_by_ids.length > 0;
  const contentChanged =
    added.length > 0 ||
    removedAll.length > 0 ||
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
        retired_at = NULL, suppressed_by_ids = '{}', updated_at = now()
        ${isReopened ? ", status = 'open', archive_reason = NULL, version = version + 1" : ""}
      WHERE id = $1`,
    [row.id, ...contentColumns(content), active.versionId],
  );
  if (removedAll.length > 0) {
    await db.query("DELETE FROM signal_events WHERE signal_id = $1 AND event_id = ANY($2::bigint[])", [
      row.id,
      removedAll,
    ]);
  }
  if (added.length > 0) {
    await db.query("INSERT INTO signal_events (signal_id, event_id) SELECT $1, unnest($2::bigint[])", [row.id, added]);
  }
  if (isUnsuppressed || returning.length > 0) {
    await recordActivity(db, row.id, "unsuppressed", {
      count: returning.length,
      eventCount: content.summary.eventCount,
      ...(isUnsuppressed
        ? {
            revived: true,
            suppressions: row.suppressed_by_ids.map((id) => ({
              id,
              name: suppression.names.get(id)?.name ?? null,
              state: suppression.names.get(id)?.state ?? "deleted",
            })),
          }
        : {}),
    });
  }
  if (newMatches.length > 0 || (isRevived && !isUnsuppressed)) {
    await recordActivity(db, row.id, "new_matches", {
      added: newMatches.length,
      eventCount: content.summary.eventCount,
      lastSeen: content.summary.lastSeen,
      ...(isRevived ? { revived: true, ruleVersion: active.version } : {}),
    });
  }
  if (removedSuppressed.length > 0) {
    const by = [...new Set(removedSuppressed.flatMap((id) => suppression.suppressed.get(id) ?? []))].sort();
    await recordSuppressed(
      db,
      row.id,
      removedSuppressed.length,
      by,
      suppression.names,
      "reduced",
      content.summary.eventCount,
    );
  }
  if (removed.length > 0) {
    await recordActivity(db, row.id, "new_matches", {
      added: 0,
      removed: removed.length,
      eventCount: content.summary.eventCount,
      reason: `rule version ${active.version} no longer groups ${removed.length} of its events here`,
    });
  }
  if (isReopened) {
    await recordActivity(db, row.id, "reopened", {
      from: "archived",
      reason: `${newMatches.length} new matching event${newMatches.length === 1 ? "" : "s"} arrived after it was archived`,
    });
  }
  if (row.severity !== content.severity) {
    await recordActivity(db, row.id, "severity_changed", {
      from: row.severity,
      to: content.severity,
      reason: content.isSeverityRaised ? content.followUp.reason : `rule version ${active.version}`,
    });
  }
  return true;
}
