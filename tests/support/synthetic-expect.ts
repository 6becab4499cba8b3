import { expect } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// What the synthetic events 0..generated-1 (tests/support/fixtures.ts, syntheticEvent) must come to once
// stored, counted here from their recipe rather than by the engine: the investigation views' summaries and
// the rule's signals. For the tests that kill workers and check nothing was lost or counted twice.

/**
 * The investigation views' counts survived the kills too, even a kill during a drain: per principal
 * (`user-${index % 13}`, every seventh event denied) and per source address (`203.0.113.${index % 250}`),
 * counted here from the fixture's recipe. Each principal passes the detail threshold, so its facets
 * exist, and each facet adds up to the principal's total.
 */
export async function expectExactSummaries(db: PrismaClient, generated: number) {
  const deadline = Date.now() + 60_000;
  while ((await db.entitySummaryQueue.count()) > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const principals = new Map<string, { events: number; denied: number }>();
  const ips = new Map<string, number>();
  for (let index = 0; index < generated; index++) {
    const arn = `arn:aws:iam::111122223333:user/user-${index % 13}`;
    const counts = principals.get(arn) ?? { events: 0, denied: 0 };
    counts.events++;
    if (index % 7 === 0) counts.denied++;
    principals.set(arn, counts);
    const ip = `203.0.113.${index % 250}`;
    ips.set(ip, (ips.get(ip) ?? 0) + 1);
  }
  const rows = await db.$queryRaw<
    { kind: string; value: string; events: number; denied: number; detailed: boolean; by_ip: number | null }[]
  >`
    SELECT e.kind::text, e.value, e.event_count::int AS events, e.denied_count::int AS denied,
           e.is_detailed AS detailed,
           (SELECT sum(f.event_count)::int FROM entity_facets f WHERE f.entity_id = e.id AND f.dim = 'ip') AS by_ip
      FROM entities e WHERE e.kind IN ('principal', 'ip') ORDER BY e.kind, e.value`;
  expect(rows.filter((row) => row.kind === "principal")).toEqual(
    [...principals.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([value, counts]) => ({
        kind: "principal",
        value,
        events: counts.events,
        denied: counts.denied,
        detailed: true,
        by_ip: counts.events,
      })),
  );
  expect(new Map(rows.filter((row) => row.kind === "ip").map((row) => [row.value, row.events]))).toEqual(ips);
  expect(await db.entitySummaryQueue.count()).toBe(0);
}

/**
 * The synthetic corpus's denied calls and their sessions. Every seventh synthetic event is a denied discovery
 * call by user `index % 13` with a long-term key, one second apart; so each user's matches are 91 s apart and
 * only the 24 h maximum duration splits them. Counted here from that recipe, not by the engine.
 */
export function expectedSyntheticDetection(generated: number): { denied: number; sessions: number } {
  let denied = 0;
  let sessions = 0;
  for (let user = 0; user < 13; user++) {
    let start = -1;
    for (let index = user; index < generated; index += 13) {
      if (index % 7 !== 0) continue;
      denied++;
      if (start < 0 || index - start > 24 * 3600) {
        start = index;
        sessions++;
      }
    }
  }
  return { denied, sessions };
}

/** Detection survived the kills too: the matches, live signals and grouped events the recipe gives. */
export async function expectExactSignals(db: PrismaClient, generated: number) {
  const { denied, sessions } = expectedSyntheticDetection(generated);
  const [row] = await db.$queryRaw<{ matches: number; signals: number; grouped: number; queued: number }[]>`
    SELECT (SELECT count(*)::int FROM rule_matches) AS matches,
           (SELECT count(*)::int FROM signals WHERE merged_into_id IS NULL AND retired_at IS NULL) AS signals,
           (SELECT count(DISTINCT event_id)::int FROM signal_events) AS grouped,
           (SELECT count(*)::int FROM detection_dirty_groups) AS queued`;
  expect(row).toEqual({ matches: denied, signals: sessions, grouped: denied, queued: 0 });
}
