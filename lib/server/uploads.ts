import "server-only";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Upload } from "@/lib/generated/prisma/client";
import type { PageQuery } from "@/lib/page";
import { toSkipTake } from "@/lib/page";

// Uploads as the API and the Uploads page show them.

export interface UploadError {
  where: string;
  message: string;
}

export interface UploadView {
  id: string;
  filename: string;
  format: string | null;
  status: Upload["status"];
  source: string;
  bytesTotal: bigint;
  bytesProcessed: bigint;
  eventsParsed: number;
  eventsInserted: number;
  eventsDuplicate: number;
  eventsRejected: number;
  /** The first errors, each with where it happened. */
  errors: UploadError[];
  errorsTotal: number;
  filesRead: number;
  skipped: { path: string; reason: string }[];
  skippedTotal: number;
  failureReason: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** From start to finish (or to now while it runs). */
  durationMs: number | null;
  eventsPerSecond: number | null;
  createdBy: { id: string; name: string; email: string } | null;
}

type UploadRow = Upload & { createdBy: { id: string; name: string; email: string } | null };

export function toUploadView(upload: UploadRow, now = new Date()): UploadView {
  const end = upload.finishedAt ?? (upload.status === "processing" ? now : null);
  const durationMs = upload.startedAt && end ? Math.max(0, end.getTime() - upload.startedAt.getTime()) : null;
  return {
    id: upload.id,
    filename: upload.filename,
    format: upload.format,
    status: upload.status,
    source: upload.source,
    bytesTotal: upload.bytesTotal,
    bytesProcessed: upload.bytesProcessed,
    eventsParsed: upload.eventsParsed,
    eventsInserted: upload.eventsInserted,
    eventsDuplicate: upload.eventsDuplicate,
    eventsRejected: upload.eventsRejected,
    errors: upload.errors as unknown as UploadError[],
    errorsTotal: upload.errorsTotal,
    filesRead: upload.filesRead,
    skipped: upload.skipped as unknown as { path: string; reason: string }[],
    skippedTotal: upload.skippedTotal,
    failureReason: upload.failureReason,
    createdAt: upload.createdAt,
    startedAt: upload.startedAt,
    finishedAt: upload.finishedAt,
    durationMs,
    eventsPerSecond: durationMs && durationMs > 0 ? Math.round((upload.eventsParsed * 1000) / durationMs) : null,
    createdBy: upload.createdBy,
  };
}

const createdBy = { select: { id: true, name: true, email: true } } as const;

export async function listUploads(options: { page: PageQuery; status?: Upload["status"] }) {
  const db = getDb();
  const where = options.status ? { status: options.status } : {};
  const [rows, total, byStatus] = await Promise.all([
    db.upload.findMany({
      where,
      include: { createdBy },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...toSkipTake(options.page),
    }),
    db.upload.count({ where }),
    // Counts per status over every upload, for the page's tabs (not just this page).
    db.upload.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const now = new Date();
  return {
    data: rows.map((row) => toUploadView(row, now)),
    total,
    page: options.page.page,
    pageSize: options.page.pageSize,
    counts: Object.fromEntries(byStatus.map((group) => [group.status, group._count._all])),
  };
}

export async function getUpload(id: string) {
  const db = getDb();
  // The route's schema let only a UUID through (lib/api/ids.ts).
  const row = await db.upload.findUnique({ where: { id }, include: { createdBy } });
  if (!row) throw new AppError("NOT_FOUND", `No upload with id ${id}.`);
  const [touched] = await db.$queryRaw<{ signals: bigint }[]>`
    SELECT count(DISTINCT se.signal_id) AS signals
      FROM signal_events se JOIN events e ON e.id = se.event_id JOIN signals s ON s.id = se.signal_id
     WHERE e.upload_id = ${id}::uuid AND s.merged_into_id IS NULL AND s.retired_at IS NULL`;
  return { ...toUploadView(row), signalsTouched: Number(touched?.signals ?? 0) };
}
