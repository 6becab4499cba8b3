import type { Severity } from "@/lib/generated/prisma/enums";

// What a signal says about its matches (DOMAIN.md §1): first and last seen, the count, and every
// distinct value of the fields an analyst pivots on, most frequent first (ties alphabetical), so the
// summary is a function of the set of matches and never of the order they arrived in.

export interface MatchedEvent {
  /** events.id as text. */
  id: string;
  time: Date;
  eventName: string;
  eventSource: string | null;
  awsRegion: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  errorCode: string | null;
  principalArn: string | null;
  accountId: string | null;
  accessKeyId: string | null;
}

export interface SignalSummary {
  firstSeen: Date;
  lastSeen: Date;
  eventCount: number;
  principalArn: string | null;
  accountId: string | null;
  eventNames: string[];
  eventSources: string[];
  regions: string[];
  sourceIps: string[];
  userAgents: string[];
  accessKeyIds: string[];
  errorCodes: string[];
  /** Each (eventName, eventSource) pair with its count, most frequent first: a name alone is ambiguous. */
  calls: SignalCall[];
}

export interface SignalCall {
  eventName: string;
  eventSource: string | null;
  count: number;
}

/** Distinct values, most frequent first, then in code-point order. */
export function distinctByFrequency(values: Iterable<string | null>): string[] {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== null && value !== "") counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .map(([value]) => value);
}

function callsOf(events: readonly MatchedEvent[]): SignalCall[] {
  const counts = new Map<string, SignalCall>();
  for (const event of events) {
    const key = `${event.eventName}\u0000${event.eventSource ?? ""}`;
    const call = counts.get(key);
    if (call) call.count++;
    else counts.set(key, { eventName: event.eventName, eventSource: event.eventSource, count: 1 });
  }
  const order = (call: SignalCall) => `${call.eventName}\u0000${call.eventSource ?? ""}`;
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0),
  );
}

export function summarize(events: readonly MatchedEvent[]): SignalSummary {
  if (events.length === 0) throw new Error("a signal summarises at least one match");
  let first = events[0] as MatchedEvent;
  let last = first;
  for (const event of events) {
    if (event.time < first.time) first = event;
    if (event.time > last.time) last = event;
  }
  const pick = (field: keyof MatchedEvent) => distinctByFrequency(events.map((event) => event[field] as string | null));
  return {
    firstSeen: first.time,
    lastSeen: last.time,
    eventCount: events.length,
    principalArn: pick("principalArn")[0] ?? null,
    accountId: pick("accountId")[0] ?? null,
    eventNames: pick("eventName"),
    eventSources: pick("eventSource"),
    regions: pick("awsRegion"),
    sourceIps: pick("sourceIp"),
    userAgents: pick("userAgent"),
    accessKeyIds: pick("accessKeyId"),
    errorCodes: pick("errorCode"),
    calls: callsOf(events),
  };
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** The rule's severity, raised to high when the same principal or key then succeeded from the same IP. */
export function signalSeverity(base: Severity, followUpCount: number): { severity: Severity; isRaised: boolean } {
  if (followUpCount > 0 && SEVERITY_RANK[base] < SEVERITY_RANK.high) return { severity: "high", isRaised: true };
  return { severity: base, isRaised: false };
}
