import "server-only";
import { getDb } from "@/lib/db/client";
import { containsText } from "@/lib/db/like";
import type { ConditionResult } from "@/lib/detection/bedrock-rule";
import type { FollowUp } from "@/lib/detection/engine/follow-up";
import type { SignalCall } from "@/lib/detection/summary";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SignalStatus } from "@/lib/generated/prisma/enums";
import { type PageQuery, toSkipTake } from "@/lib/page";
import { defaultSignalSort, type SignalFilters, type SignalSort, signalStatuses } from "@/lib/signals/filters";
import { keysetAfter, orderByOf, type SignalOrderField, signalOrderKeys } from "@/lib/signals/order";
import type {
  SignalActivityItem,
  SignalDetail,
  SignalEventItem,
  SignalListItem,
  SignalPage,
} from "@/lib/signals/types";

// Reading signals. Lists show live signals only: one absorbed by a merge redirects to its survivor,
// and one retired by a rule change keeps its page but leaves the lists.

export const listInclude = {
  assignee: { select: { id: true, name: true, email: true } },
} satisfies Prisma.SignalInclude;
type SignalRow = Prisma.SignalGetPayload<{ include: typeof listInclude }>;

/** Who is asking: `assignee=me` means them. An API token has no user. */
export interface SignalViewer {
  userId?: string | null;
}

function assigneeWhere(assignee: SignalFilters["assignee"], viewer: SignalViewer): string | null | undefined {
  if (assignee === "none") return null;
  if (assignee !== "me") return assignee;
  if (!viewer.userId) throw new AppError("INVALID_INPUT", "assignee=me needs a signed-in user; use a user id");
  return viewer.userId;
}

export function signalWhere(filters: SignalFilters, viewer: SignalViewer = {}): Prisma.SignalWhereInput {
  const q = filters.q;
  return {
    mergedIntoId: null,
    ...(filters.suppression
      ? { retiredAt: { not: null }, suppressedByIds: { has: filters.suppression } }
      : filters.suppressed === "only"
        ? { retiredAt: { not: null }, suppressedByIds: { isEmpty: false } }
        : { retiredAt: null }),
    status: filters.status ? { in: filters.status } : undefined,
    severity: filters.severity ? { in: filters.severity } : undefined,
    ruleId: filters.ruleId,
    assigneeId: assigneeWhere(filters.assignee, viewer),
    principalArn: filters.principal,
    sourceIps: filters.ip ? { has: filters.ip } : undefined,
    accessKeyIds: filters.accessKeyId ? { has: filters.accessKeyId } : undefined,
    lastSeen: filters.from ? { gte: filters.from } : undefined,
    firstSeen: filters.to ? { lte: filters.to } : undefined,
    events: filters.upload ? { some: { event: { uploadId: filters.upload } } } : undefined,
    OR: q
      ? [
          { title: containsText(q) },
          { groupKey: containsText(q) },
          { principalArn: containsText(q) },
          { sourceIps: { has: q } },
          { accessKeyIds: { has: q } },
          { eventNames: { has: q } },
        ]
      : undefined,
  };
}

const followUpCount = (followUp: unknown) =>
  typeof followUp === "object" && followUp !== null && typeof (followUp as FollowUp).count === "number"
    ? (followUp as FollowUp).count
    : 0;

export function toListItem(row: SignalRow): SignalListItem {
  return {
    id: row.id,
    ruleId: row.ruleId,
    title: row.title,
    severity: row.severity,
    status: row.status,
    version: row.version,
    groupKey: row.groupKey,
    principalArn: row.principalArn,
    accountId: row.accountId,
    accessKeyIds: row.accessKeyIds,
    sourceIps: row.sourceIps,
    eventNames: row.eventNames,
    eventSources: row.eventSources,
    regions: row.awsRegions,
    userAgents: row.userAgents,
    errorCodes: row.errorCodes,
    calls: Array.isArray(row.calls) ? (row.calls as unknown as SignalCall[]) : [],
    firstSeen: row.firstSeen.toISOString(),
    lastSeen: row.lastSeen.toISOString(),
    eventCount: row.eventCount,
    followUpSuccessCount: followUpCount(row.followUp),
    assignee: row.assignee,
    archiveReason: row.archiveReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(row.suppressedByIds.length > 0 ? { suppressedBy: row.suppressedByIds.map((id) => ({ id, name: "" })) } : {}),
  };
}

/** Names the suppressions of suppressed signals (a deleted one keeps its name). */
async function withSuppressionNames(items: SignalListItem[]): Promise<SignalListItem[]> {
  const ids = [...new Set(items.flatMap((item) => item.suppressedBy?.map((entry) => entry.id) ?? []))];
  if (ids.length === 0) return items;
  const rows = await getDb().suppression.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const names = new Map(rows.map((row) => [row.id, row.name]));
  return items.map((item) =>
    item.suppressedBy
      ? { ...item, suppressedBy: item.suppressedBy.map(({ id }) => ({ id, name: names.get(id) ?? "(removed)" })) }
      : item,
  );
}

/**
 * Every live signal matching the filters, in the list's order for `sort`, in batches with keyset
 * pagination (never OFFSET), so an export of any size holds one batch in memory. The filters are checked
 * here, before the first row is read, so a bad one is refused before a download starts.
 */
export function signalsForExport(options: {
  filters: SignalFilters;
  sort?: SignalSort;
  viewer?: SignalViewer;
  batchSize?: number;
}): AsyncGenerator<SignalListItem> {
  const base = signalWhere(options.filters, options.viewer);
  const keys = signalOrderKeys(options.sort ?? defaultSignalSort);
  const batchSize = options.batchSize ?? 1000;
  return (async function* () {
    const db = getDb();
    let cursor: Pick<SignalRow, SignalOrderField> | undefined;
    for (;;) {
      const batch = await db.signal.findMany({
        where: cursor ? { AND: [base, keysetAfter(keys, cursor)] } : base,
        include: listInclude,
        orderBy: orderByOf(keys),
        take: batchSize,
      });
      for (const row of batch) yield toListItem(row);
      cursor = batch.at(-1);
      if (batch.length < batchSize || !cursor) return;
    }
  })();
}

export async function listSignals(options: {
  filters: SignalFilters;
  sort?: SignalSort;
  page: PageQuery;
  viewer?: SignalViewer;
}): Promise<SignalPage> {
  const db = getDb();
  const where = signalWhere(options.filters, options.viewer);
  // The status tabs count under every filter but the status; the total is the sum of the counts of the
  // statuses asked for, so one pass over the signals answers both.
  const unstatused = signalWhere({ ...options.filters, status: undefined }, options.viewer);
  const [rows, byStatus] = await Promise.all([
    db.signal.findMany({
      where,
      include: listInclude,
      orderBy: orderByOf(signalOrderKeys(options.sort ?? defaultSignalSort)),
      ...toSkipTake(options.page),
    }),
    db.signal.groupBy({ by: ["status"], where: unstatused, _count: true }),
  ]);
  const counts: Record<SignalStatus, number> = { open: 0, under_review: 0, archived: 0 };
  for (const group of byStatus) counts[group.status] = group._count;
  const statuses = new Set(options.filters.status ?? signalStatuses);
  const total = [...statuses].reduce((sum, status) => sum + counts[status], 0);
  return {
    data: await withSuppressionNames(rows.map(toListItem)),
    total,
    page: options.page.page,
    pageSize: options.page.pageSize,
    counts,
  };
}

/** Where an absorbed signal's URL leads: the live signal at the end of its merge chain. */
export async function signalRedirect(id: string): Promise<string | null> {
  const db = getDb();
  let current = id;
  for (let hop = 0; hop < 50; hop++) {
    const row = await db.signal.findUnique({ where: { id: current }, select: { mergedIntoId: true } });
    if (!row) return null;
    if (!row.mergedIntoId) return current === id ? null : current;
    current = row.mergedIntoId;
  }
  return current;
}

function conditionsOf(explanation: unknown): ConditionResult[] {
  const conditions = (explanation as { conditions?: unknown } | null)?.conditions;
  return Array.isArray(conditions) ? (conditions as ConditionResult[]) : [];
}

export async function getSignal(id: string): Promise<SignalDetail | null> {
  const db = getDb();
  const row = await db.signal.findUnique({
    where: { id },
    include: {
      ...listInclude,
      rule: { select: { id: true, name: true, currentVersion: true } },
      ruleVersion: { select: { version: true } },
      absorbed: { select: { id: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) return null;
  const [events, activity] = await Promise.all([
    db.signalEvent.findMany({
      where: { signalId: id },
      select: {
        event: {
          select: {
            id: true,
            eventId: true,
            eventTime: true,
            eventName: true,
            eventSource: true,
            awsRegion: true,
            sourceIp: true,
            userAgent: true,
            errorCode: true,
            accessKeyId: true,
            credentialType: true,
            ruleMatches: { where: { ruleVersionId: row.ruleVersionId }, select: { explanation: true } },
          },
        },
      },
      orderBy: [{ event: { eventTime: "asc" } }, { eventId: "asc" }],
    }),
    db.signalActivity.findMany({
      where: { signalId: id },
      include: { actor: { select: { id: true, name: true } } },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      take: 500,
    }),
  ]);
  const eventItems: SignalEventItem[] = events.map(({ event }) => ({
    id: event.id.toString(),
    eventId: event.eventId,
    eventTime: event.eventTime.toISOString(),
    eventName: event.eventName,
    eventSource: event.eventSource,
    awsRegion: event.awsRegion,
    sourceIp: event.sourceIp,
    userAgent: event.userAgent,
    errorCode: event.errorCode,
    accessKeyId: event.accessKeyId,
    credentialType: event.credentialType,
    conditions: conditionsOf(event.ruleMatches[0]?.explanation),
  }));
  const activityItems: SignalActivityItem[] = activity.map((entry) => ({
    id: entry.id.toString(),
    at: entry.at.toISOString(),
    kind: entry.kind,
    actor: entry.actor,
    details: (entry.details ?? {}) as Record<string, unknown>,
  }));
  const [item] = await withSuppressionNames([toListItem(row)]);
  return {
    ...(item as SignalListItem),
    playbook: row.message,
    followUp: (row.followUp as FollowUp | null) ?? null,
    rule: {
      id: row.rule.id,
      name: row.rule.name,
      version: row.ruleVersion.version,
      currentVersion: row.rule.currentVersion,
    },
    events: eventItems,
    activity: activityItems,
    mergedFrom: row.absorbed.map((signal) => signal.id),
    retiredAt: row.retiredAt?.toISOString() ?? null,
  };
}
