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
  if (shares.length === 0) return { data: [], total: 0, page: 1, pageSize: RELATED_MAX };
  const base: Prisma.SignalWhereInput = { mergedIntoId: null, retiredAt: null, id: { not: id } };
  // The closest first: a shared principal, then a shared key, then a shared IP (an office or a VPN
  // shares IPs with many people), each by recency. The newest of each kind are read, so a busy IP cannot
  // crowd out the principal's own signals.
  const [total, ...byKind] = await Promise.all([
    db.signal.count({ where: { ...base, OR: shares } }),
    ...shares.map((share) =>
      db.signal.findMany({
        where: { ...base, ...share },
        include: listInclude,
        orderBy: [{ lastSeen: "desc" }, { id: "asc" }],
        take: RELATED_MAX,
      }),
    ),
  ]);
  const found = new Map(byKind.flat().map((row) => [row.id, row]));
  const related = [...found.values()].map((row) => ({
    ...toListItem(row),
    shared: {
      principal: principalArn !== null && row.principalArn === principalArn,
      ips: sourceIps.filter((ip) => row.sourceIps.includes(ip)),
      accessKeyIds: accessKeyIds.filter((key) => row.accessKeyIds.includes(key)),
    },
  }));
  const closeness = ({ shared }: (typeof related)[number]) =>
    (shared.principal ? 4 : 0) + (shared.accessKeyIds.length > 0 ? 2 : 0) + (shared.ips.length > 0 ? 1 : 0);
  related.sort(
    (a, b) =>
      closeness(b) - closeness(a) ||
      Date.parse(b.lastSeen) - Date.parse(a.lastSeen) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { data: related.slice(0, RELATED_MAX), total, page: 1, pageSize: RELATED_MAX };
}
