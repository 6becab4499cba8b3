import "server-only";
import type { AuditFilters } from "@/lib/audit/filters";
import { getDb } from "@/lib/db/client";
import { containsText } from "@/lib/db/like";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PageQuery } from "@/lib/page";
import { toSkipTake } from "@/lib/page";

function whereOf(filters: AuditFilters): Prisma.AuditLogWhereInput {
  return {
    action: filters.action,
    actorLabel: filters.actor ? containsText(filters.actor) : undefined,
    at: filters.from || filters.to ? { gte: filters.from, lte: filters.to } : undefined,
  };
}

export async function listAuditEntries(options: { filters: AuditFilters; page: PageQuery }) {
  const db = getDb();
  const where = whereOf(options.filters);
  const [data, total] = await Promise.all([
    db.auditLog.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], ...toSkipTake(options.page) }),
    db.auditLog.count({ where }),
  ]);
  return { data, total, page: options.page.page, pageSize: options.page.pageSize };
}

/** Every matching entry, newest first, in batches so a long history never sits in memory at once. */
export async function* auditEntriesForExport(filters: AuditFilters, batchSize = 1000) {
  const db = getDb();
  let cursor: bigint | undefined;
  for (;;) {
    const batch = await db.auditLog.findMany({
      where: { ...whereOf(filters), ...(cursor ? { id: { lt: cursor } } : {}) },
      orderBy: { id: "desc" },
      take: batchSize,
    });
    yield* batch;
    if (batch.length < batchSize) return;
    cursor = batch.at(-1)?.id;
  }
}
