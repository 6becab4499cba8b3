import "server-only";
import { getDb } from "@/lib/db/client";
import type { FollowUp } from "@/lib/detection/engine/follow-up";
import type { EntityKind } from "@/lib/entities/kinds";
import { remediationFor } from "@/lib/entities/remediation";
import { type Bucket, type Window, windowOf } from "@/lib/entities/time-range";
import type {
  AccessKeyUsage,
  CallUsage,
  DistinctCounts,
  EntitySignal,
  IpView,
  KeyView,
  PrincipalView,
  TimelineView,
  Usage,
} from "@/lib/entities/types";
import type { CredentialType } from "@/lib/generated/prisma/enums";
import { classifySourceAddress } from "@/lib/ip/classify";
import { lookupIp } from "@/lib/ip/enrich";
import {
  type EntitySummary,
  eventBounds,
  existsInEvents,
  type FacetEntry,
  findEntity,
  readEntitySummary,
} from "@/lib/server/entities/summary";
import { planTimeline, readTimeline } from "@/lib/server/entities/timeline";
import { listInclude, signalWhere, toListItem } from "@/lib/server/signals";

// The three investigation views, assembled from one summary read (lib/server/entities/summary.ts), the
// entity's live signals, and for an IP its classification and offline enrichment. Null: nothing names
// the entity.

const SIGNALS_SHOWN = 50;

const usage = (entry: FacetEntry): Usage => ({
  count: entry.events,
  deniedCount: entry.denied,
  errorCount: entry.errors,
  firstSeen: entry.firstSeen.toISOString(),
  lastSeen: entry.lastSeen.toISOString(),
});

function accessKeys(summary: EntitySummary): AccessKeyUsage[] {
  return summary.facets.access_key.top.map((entry) => {
    const [id, credentialType] = JSON.parse(entry.value) as [string | null, CredentialType];
    const { count, ...rest } = usage(entry);
    return { id, credentialType, eventCount: count, ...rest };
  });
}

function calls(summary: EntitySummary): CallUsage[] {
  return summary.facets.call.top.map((entry) => {
    const [eventName, eventSource] = JSON.parse(entry.value) as [string, string | null];
    return { eventName, eventSource, ...usage(entry) };
  });
}

function distinct(summary: EntitySummary): DistinctCounts {
  const { facets } = summary;
  return {
    principals: facets.principal.distinct,
    accessKeys: facets.access_key.distinct,
    sourceIps: facets.ip.distinct,
    calls: facets.call.distinct,
    eventSources: facets.event_source.distinct,
    regions: facets.region.distinct,
    userAgents: facets.user_agent.distinct,
  };
}

async function signalsOf(kind: EntityKind, value: string, window: Window | null) {
  const db = getDb();
  const filter = kind === "principal" ? { principal: value } : kind === "ip" ? { ip: value } : { accessKeyId: value };
  const where = signalWhere({
    ...filter,
    from: window?.start,
    to: window ? new Date(window.end.getTime() - 1) : undefined,
  });
  const [rows, total] = await Promise.all([
    db.signal.findMany({
      where,
      include: listInclude,
      orderBy: [{ lastSeen: "desc" }, { id: "asc" }],
      take: SIGNALS_SHOWN,
    }),
    db.signal.count({ where }),
  ]);
  const signals: EntitySignal[] = rows.map((row) => ({
    ...toListItem(row),
    followUp: (row.followUp as FollowUp | null) ?? null,
  }));
  return { signals, signalTotal: total };
}

async function common(kind: EntityKind, value: string, window: Window | null) {
  const db = getDb();
  const [summary, signals, pendingBatches] = await Promise.all([
    readEntitySummary(db, { kind, value, window }),
    signalsOf(kind, value, window),
    db.entitySummaryQueue.count(),
  ]);
  if (!summary) return null;
  const { totals, facets } = summary;
  return {
    summary,
    base: {
      eventCount: totals.events,
      deniedCount: totals.denied,
      errorCount: totals.errors,
      firstSeen: totals.firstSeen?.toISOString() ?? null,
      lastSeen: totals.lastSeen?.toISOString() ?? null,
      calls: calls(summary),
      eventSources: facets.event_source.top.map((entry) => ({
        eventSource: entry.value === "" ? null : entry.value,
        ...usage(entry),
      })),
      regions: facets.region.top.map((entry) => ({ region: entry.value, ...usage(entry) })),
      userAgents: facets.user_agent.top.map((entry) => ({ userAgent: entry.value, ...usage(entry) })),
      distinct: distinct(summary),
      ...signals,
      range: window ? { from: window.start.toISOString(), to: new Date(window.end.getTime() - 1).toISOString() } : null,
      source: summary.source,
      pendingBatches,
    },
  };
}

export async function getPrincipalView(arn: string, window: Window | null): Promise<PrincipalView | null> {
  const found = await common("principal", arn, window);
  if (!found) return null;
  const { summary, base } = found;
  return {
    arn,
    type: summary.entity?.principalType ?? null,
    accountId: summary.entity?.accountId ?? null,
    userName: summary.entity?.principalName ?? null,
    credentialTypes: summary.credentialTypes as CredentialType[],
    accessKeys: accessKeys(summary),
    sourceIps: summary.facets.ip.top.map((entry) => ({ ip: entry.value, ...usage(entry) })),
    ...base,
  };
}

export async function getIpView(ip: string, window: Window | null): Promise<IpView | null> {
  const found = await common("ip", ip, window);
  if (!found) return null;
  const { summary, base } = found;
  const classification = classifySourceAddress(ip);
  const enrichment =
    classification.kind === "ipv4" || classification.kind === "ipv6"
      ? await lookupIp(classification.address)
      : { country: null, asn: null };
  return {
    ip,
    classification: {
      kind: classification.kind,
      scope: "scope" in classification ? classification.scope : null,
      label: classification.label,
      isRoutable: classification.isRoutable,
    },
    country: enrichment.country,
    asn: enrichment.asn,
    principals: summary.facets.principal.top.map((entry) => ({ arn: entry.value, ...usage(entry) })),
    accessKeys: accessKeys(summary),
    credentialTypes: summary.credentialTypes as CredentialType[],
    ...base,
  };
}

export async function getKeyView(id: string, window: Window | null): Promise<KeyView | null> {
  const found = await common("access_key", id, window);
  if (!found) return null;
  const { summary, base } = found;
  const own = accessKeys(summary);
  const credentialType = own[0]?.credentialType ?? null;
  const principals = summary.facets.principal.top.map((entry) => ({ arn: entry.value, ...usage(entry) }));
  const principalArn = principals[0]?.arn ?? null;
  const accountId = summary.entity?.accountId ?? null;
  const userName = summary.entity?.principalName ?? null;
  return {
    id,
    credentialType,
    credentialTypes: summary.credentialTypes as CredentialType[],
    principalArn,
    accountId,
    userName,
    principals,
    sourceIps: summary.facets.ip.top.map((entry) => ({ ip: entry.value, ...usage(entry) })),
    remediation: remediationFor({ id, credentialType, principalArn, userName, accountId }),
    ...base,
  };
}

/**
 * The entity's activity per bucket over the window, or over its whole history (first to last event);
 * null when nothing names it.
 */
export async function getEntityTimeline(
  kind: EntityKind,
  value: string,
  window: Window | null,
  bucket?: Bucket,
): Promise<TimelineView | null> {
  const db = getDb();
  const entity = await findEntity(db, kind, value);
  if (!entity && !(await existsInEvents(db, kind, value))) return null;
  let span = window;
  if (!span) {
    // The whole history: from the first event to the last (counted from the events while the summaries
    // have not counted the entity yet).
    const totals = entity?.isDetailed ? entity.totals : await eventBounds(db, kind, value);
    if (!totals?.firstSeen || !totals.lastSeen) return null;
    span = windowOf(totals.firstSeen, totals.lastSeen);
  }
  return readTimeline(db, {
    kind,
    value,
    window: span,
    bucket: planTimeline(span, bucket),
    isDetailed: entity?.isDetailed ?? false,
  });
}
