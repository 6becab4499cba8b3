import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { listInclude, toListItem } from "@/lib/server/signals";
import type { RelatedSignals } from "@/lib/signals/types";

// Signals related to one: the live ones that share its principal, one of its source IPs or one of its
// access keys, so an analyst sees the rest of a campaign from the signal in front of them. Each test
// has an index: (principal_arn, last_seen) and GIN on source_ips and access_key_ids.

export const RELATED_MAX = 25;

/** Null when no signal has this id. */
export async function listRelatedSignals(id: string): Promise<RelatedSignals | null> {
  const db = getDb();
  const signal = await db.signal.findUnique({
    where: { id },
    select: { principalArn: true, sourceIps: true, accessKeyIds: true },
  });
  if (!signal) return null;
  const { principalArn, sourceIps, accessKeyIds } = signal;
  const shares: Prisma.SignalWhereInput[] = [
    ...(principalArn ? [{ principalArn }] : []),
    ...(sourceIps.length > 0 ? [{ sourceIps: { hasSome: sourceIps } }] : []),
    ...(accessKeyIds.length > 0 ? [{ accessKeyIds: { hasSome: accessKeyIds } }] : []),
  ];
  if (shares.length === 0) return { data: [], total: 0 };
  const where: Prisma.SignalWhereInput = { mergedIntoId: null, retiredAt: null, id: { not: id }, OR: shares };
  const [rows, total] = await Promise.all([
    db.signal.findMany({
      where,
      include: listInclude,
      orderBy: [{ lastSeen: "desc" }, { id: "asc" }],
      take: RELATED_MAX,
    }),
    db.signal.count({ where }),
  ]);
  return {
    data: rows.map((row) => ({
      ...toListItem(row),
      shared: {
        principal: principalArn !== null && row.principalArn === principalArn,
        ips: sourceIps.filter((ip) => row.sourceIps.includes(ip)),
        accessKeyIds: accessKeyIds.filter((key) => row.accessKeyIds.includes(key)),
      },
    })),
    total,
  };
}
