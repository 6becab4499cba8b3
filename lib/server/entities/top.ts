import "server-only";
import { getDb } from "@/lib/db/client";
import { entityHref } from "@/lib/detection/links";
import type { EntityKind } from "@/lib/entities/kinds";
import { HOUR_MS } from "@/lib/entities/time-range";
import type { TopEntities, TopEntity, TopRange } from "@/lib/entities/types";

const RANGE_HOURS: Record<Exclude<TopRange, "all">, number> = { "24h": 24, "7d": 24 * 7, "30d": 24 * 30 };

// The landing page's "most denied": principals, IPs and keys by denied calls over the last day, week or
// month of stored activity (measured back from the newest event, since uploads are often old exports), or
// over all time. Ranges are whole hours: they read the hourly summaries only.

const linkKind = { principal: "principal", ip: "ip", access_key: "accessKeyId" } as const;

async function topOf(kind: EntityKind, window: { from: Date; to: Date } | null, limit: number): Promise<TopEntity[]> {
  const db = getDb();
  const rows = window
    ? await db.$queryRawUnsafe<{ value: string; denied: number; events: number }[]>(
        `WITH top AS (
           SELECT entity_id, sum(denied_count)::float8 AS denied FROM entity_hours
            WHERE kind = $1::"EntityKind" AND denied_count > 0 AND hour >= $2 AND hour < $3
            GROUP BY entity_id ORDER BY denied DESC LIMIT $4)
         SELECT e.value, top.denied,
                (SELECT sum(event_count)::float8 FROM entity_hours h
                  WHERE h.entity_id = top.entity_id AND h.hour >= $2 AND h.hour < $3) AS events
           FROM top JOIN entities e ON e.id = top.entity_id ORDER BY top.denied DESC, e.value COLLATE "C"`,
        kind,
        window.from,
        window.to,
        limit,
      )
    : await db.$queryRawUnsafe<{ value: string; denied: number; events: number }[]>(
        `SELECT value, denied_count::float8 AS denied, event_count::float8 AS events FROM entities
          WHERE kind = $1::"EntityKind" AND denied_count > 0
          ORDER BY denied_count DESC, value COLLATE "C" LIMIT $2`,
        kind,
        limit,
      );
  const link = linkKind[kind as keyof typeof linkKind];
  return rows.map((row) => ({
    value: row.value,
    href: entityHref(link, row.value),
    deniedCount: row.denied,
    eventCount: row.events,
  }));
}

export async function getTopEntities(range: TopRange, limit = 10): Promise<TopEntities> {
  let window: { from: Date; to: Date } | null = null;
  if (range !== "all") {
    const [latest] = await getDb().$queryRawUnsafe<{ last: Date | null }[]>(
      "SELECT max(last_seen) AS last FROM entities WHERE kind = 'account'",
    );
    const end = latest?.last ? Math.floor(latest.last.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS : Date.now();
    window = { from: new Date(end - RANGE_HOURS[range] * HOUR_MS), to: new Date(end) };
  }
  const [principals, ips, accessKeys] = await Promise.all([
    topOf("principal", window, limit),
    topOf("ip", window, limit),
    topOf("access_key", window, limit),
  ]);
  return {
    range,
    from: window?.from.toISOString() ?? null,
    to: window?.to.toISOString() ?? null,
    principals,
    ips,
    accessKeys,
  };
}
