import type { Queryable } from "@/lib/detection/engine/rules-store";

// Follow-up correlation: the successful calls the same principal or access key made, from one of the
// signal's IPs, within 24 hours after its first denial. An attacker who found a way in after being
// denied is the case that matters most, so any such call raises the signal to high.

export const FOLLOW_UP_WINDOW_MS = 24 * 60 * 60 * 1000;
const TOP = 10;

export interface FollowUp {
  count: number;
  windowStart: string;
  windowEnd: string;
  firstAt: string | null;
  lastAt: string | null;
  topCalls: { eventName: string; eventSource: string | null; count: number }[];
  topEventSources: { eventSource: string | null; count: number }[];
  /** Why the severity rose, in words; null when there was no follow-up. */
  reason: string | null;
}

export interface FollowUpSubject {
  principalArn: string | null;
  accessKeyIds: readonly string[];
  sourceIps: readonly string[];
  firstSeen: Date;
}

const plural = (count: number, word: string) => `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;

export async function findFollowUp(db: Queryable, subject: FollowUpSubject): Promise<FollowUp> {
  const windowEnd = new Date(subject.firstSeen.getTime() + FOLLOW_UP_WINDOW_MS);
  const empty: FollowUp = {
    count: 0,
    windowStart: subject.firstSeen.toISOString(),
    windowEnd: windowEnd.toISOString(),
    firstAt: null,
    lastAt: null,
    topCalls: [],
    topEventSources: [],
    reason: null,
  };
  if (subject.sourceIps.length === 0 || (!subject.principalArn && subject.accessKeyIds.length === 0)) return empty;
  const { rows } = await db.query<{
    event_name: string;
    event_source: string | null;
    n: number;
    first: Date;
    last: Date;
  }>(
    `SELECT event_name, event_source, count(*)::int AS n, min(event_time) AS first, max(event_time) AS last
       FROM events
      WHERE event_time >= $1 AND event_time <= $2 AND error_code IS NULL AND source_ip = ANY($3::text[])
        AND (principal_arn = $4 OR access_key_id = ANY($5::text[]))
      GROUP BY event_name, event_source`,
    [subject.firstSeen, windowEnd, subject.sourceIps, subject.principalArn, subject.accessKeyIds],
  );
  if (rows.length === 0) return empty;
  const byCount =
    <T extends { count: number }>(key: (item: T) => string) =>
    (a: T, b: T) =>
      b.count - a.count || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const calls = rows
    .map((row) => ({ eventName: row.event_name, eventSource: row.event_source, count: row.n }))
    .sort(byCount((call) => `${call.eventName}\u0000${call.eventSource ?? ""}`));
  const sources = new Map<string | null, number>();
  for (const call of calls) sources.set(call.eventSource, (sources.get(call.eventSource) ?? 0) + call.count);
  const topEventSources = [...sources.entries()]
    .map(([eventSource, count]) => ({ eventSource, count }))
    .sort(byCount((source) => source.eventSource ?? ""));
  const count = calls.reduce((sum, call) => sum + call.count, 0);
  const first = new Date(Math.min(...rows.map((row) => row.first.getTime())));
  const last = new Date(Math.max(...rows.map((row) => row.last.getTime())));
  const top = calls[0] as (typeof calls)[number];
  return {
    count,
    windowStart: empty.windowStart,
    windowEnd: empty.windowEnd,
    firstAt: first.toISOString(),
    lastAt: last.toISOString(),
    topCalls: calls.slice(0, TOP),
    topEventSources: topEventSources.slice(0, TOP),
    reason: `${plural(count, "successful call")} by the same principal or key from the signal's IPs within 24 h of the first denial (most often ${top.eventName} on ${top.eventSource ?? "an unknown source"}): the key may have found a way in.`,
  };
}
