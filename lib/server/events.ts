import "server-only";
import { getDb } from "@/lib/db/client";
import { escapeLike } from "@/lib/db/like";
import type { EventFilters } from "@/lib/events/filters";
import { loadRawEvent } from "@/lib/events/raw-chunks";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type Page, type PageQuery, toSkipTake } from "@/lib/page";

// Reading stored events. Lists select typed columns only; the event as it came (in a compressed raw
// chunk, see lib/events/raw-chunks.ts) is read for one event at a time, for the detail view.
// Every filter but the free text is an equality or a time range: principal, IP, access key, event name
// and upload have indexes of their own (with event_time, for newest-first order); the other filters
// narrow those. Free text has no index: it scans what the other filters leave.

export const listSelect = {
  id: true,
  eventId: true,
  eventTime: true,
  eventSource: true,
  eventName: true,
  awsRegion: true,
  sourceIp: true,
  userAgent: true,
  errorCode: true,
  principalArn: true,
  principalType: true,
  accountId: true,
  accessKeyId: true,
  credentialType: true,
} satisfies Prisma.EventSelect;

const detailSelect = {
  ...listSelect,
  errorMessage: true,
  recipientAccountId: true,
  readOnly: true,
  eventType: true,
  requestId: true,
  uploadId: true,
  ingestedAt: true,
} satisfies Prisma.EventSelect;

type WithStringId<T extends { id: bigint }> = Omit<T, "id"> & { id: string };
export type EventListItem = WithStringId<Prisma.EventGetPayload<{ select: typeof listSelect }>>;
export type EventDetail = WithStringId<Prisma.EventGetPayload<{ select: typeof detailSelect }>> & {
  raw: unknown;
  /** Set, with `raw` null, when the stored record cannot be shown as a tree (lib/events/raw-chunks.ts). */
  rawText: string | null;
};

/** Row ids are bigints; the API shows them as strings so no client ever rounds one. */
function withStringId<T extends { id: bigint }>(row: T): WithStringId<T> {
  return { ...row, id: row.id.toString() };
}

/** Free text, in any case: part of a descriptive column, or a whole id. */
function freeText(q: string): Prisma.EventWhereInput {
  const pattern = escapeLike(q);
  const part = { contains: pattern, mode: "insensitive" } as const;
  const whole = { equals: pattern, mode: "insensitive" } as const;
  return {
    OR: [
      { eventName: part },
      { eventSource: part },
      { errorCode: part },
      { errorMessage: part },
      { userAgent: part },
      { eventId: whole },
      { requestId: whole },
    ],
  };
}

export function eventWhere(filters: EventFilters): Prisma.EventWhereInput {
  return {
    ...(filters.q ? freeText(filters.q) : {}),
    principalArn: filters.principal,
    sourceIp: filters.ip,
    accessKeyId: filters.accessKeyId,
    eventName: filters.eventName,
    eventSource: filters.eventSource,
    errorCode: filters.errorCode,
    awsRegion: filters.awsRegion,
    credentialType: filters.credentialType,
    uploadId: filters.upload,
    eventTime: filters.from || filters.to ? { gte: filters.from, lte: filters.to } : undefined,
  };
}

export const newestFirst: Prisma.EventOrderByWithRelationInput[] = [{ eventTime: "desc" }, { id: "desc" }];

export async function listEvents(options: { filters: EventFilters; page: PageQuery }): Promise<Page<EventListItem>> {
  const db = getDb();
  const where = eventWhere(options.filters);
  const [rows, total] = await Promise.all([
    db.event.findMany({ where, select: listSelect, orderBy: newestFirst, ...toSkipTake(options.page) }),
    db.event.count({ where }),
  ]);
  return { data: rows.map(withStringId), total, page: options.page.page, pageSize: options.page.pageSize };
}

export async function getEvent(id: bigint): Promise<EventDetail | null> {
  const db = getDb();
  const row = await db.event.findUnique({
    where: { id },
    select: { ...detailSelect, rawChunkId: true, rawIndex: true },
  });
  if (!row) return null;
  const { rawChunkId, rawIndex, ...event } = row;
  return { ...withStringId(event), ...(await loadRawEvent(db, { rawChunkId, rawIndex })) };
}

/** The file name of an upload, to label the "from this upload" filter; null when it is gone. */
export async function getUploadFilename(id: string): Promise<string | null> {
  const upload = await getDb().upload.findUnique({ where: { id }, select: { filename: true } });
  return upload?.filename ?? null;
}
