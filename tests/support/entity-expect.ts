import type { EventFacts } from "@/tests/support/entity-corpus";

// What an investigation view should show, counted from a corpus's own facts (tests/support/entity-corpus.ts),
// never through the database: the independent count the views are checked against.

export interface Count {
  count: number;
  deniedCount: number;
  errorCount: number;
  firstSeen: string;
  lastSeen: string;
}

export function countOf(events: readonly EventFacts[]): Count | null {
  if (events.length === 0) return null;
  const times = events.map((event) => event.time.toISOString()).sort();
  return {
    count: events.length,
    deniedCount: events.filter((event) => event.isDenied).length,
    errorCount: events.filter((event) => event.errorCode !== null).length,
    firstSeen: times[0] as string,
    lastSeen: times[times.length - 1] as string,
  };
}

/** Values with their counts, busiest first, ties by value (byte order, as the API sorts). */
export function facet(events: readonly EventFacts[], pickValue: (event: EventFacts) => string | null) {
  const groups = new Map<string, EventFacts[]>();
  for (const event of events) {
    const value = pickValue(event);
    if (value === null) continue;
    groups.set(value, [...(groups.get(value) ?? []), event]);
  }
  return [...groups.entries()]
    .map(([value, group]) => ({ value, ...(countOf(group) as Count) }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

export const inWindow = (from: Date | null, to: Date | null) => (event: EventFacts) =>
  (!from || event.time >= from) && (!to || event.time <= to);

export const callKey = (event: EventFacts) => JSON.stringify([event.eventName, event.eventSource]);
export const keyKey = (event: EventFacts) => JSON.stringify([event.accessKeyId, event.credentialType]);
