import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoredMatch } from "@/lib/detection/engine/signal-content";
import { partitionMatches } from "@/lib/detection/engine/suppress";
import { planGroup } from "@/lib/detection/plan";
import { type SessionWindows, sessionize } from "@/lib/detection/sessions";
import type { SuppressionCondition } from "@/lib/suppressions/conditions";
import { type CompiledSuppression, compileSuppression } from "@/lib/suppressions/matcher";

// Suppressions and order independence, as properties of the pure pieces the engine runs: the matcher
// (lib/suppressions/matcher.ts), the partition of a group's matches (lib/detection/engine/suppress.ts),
// sessions and the plan. A small model plays the database, as in detection-properties.test.ts, and applies
// each plan the way lib/detection/engine/regroup.ts does: a retired signal keeps its events and can be
// continued again. Whatever the order, split and duplication of the uploads, and whatever suppressions are in
// force, the live signals hold the sessions of the unsuppressed matches; and suppressing then un-suppressing
// gives back the very same signals (same ids, so the same triage state).

const RULE = "bedrock-discovery-long-term-key";
const MINUTE = 60_000;
const BASE = Date.UTC(2026, 1, 1);
const WINDOWS: SessionWindows = { keepAliveMs: 60 * MINUTE, maxDurationMs: 4 * 60 * MINUTE };
const IPS = ["10.0.0.5", "10.9.1.1", "192.0.2.7", "2001:db8::5", "bedrock.amazonaws.com"];

interface Signal {
  id: string;
  createdAt: Date;
  firstSeen: Date;
  group: string;
  eventIds: Set<string>;
}

class Model {
  readonly matches = new Map<string, Map<string, StoredMatch>>();
  readonly signals = new Map<string, Signal & { isLive: boolean }>();
  /** Signals absorbed by a merge (gone for good: see the note on the un-suppress property). */
  readonly absorbed = new Set<string>();
  private counter = 0;
  private transactions = 0;

  constructor(public suppressions: CompiledSuppression[]) {}

  upload(batch: readonly StoredMatch[]): void {
    const touched = new Set<string>();
    for (const match of batch) {
      const group = match.principalArn as string;
      const stored = this.matches.get(group) ?? new Map<string, StoredMatch>();
      this.matches.set(group, stored);
      if (stored.has(match.id)) continue;
      stored.set(match.id, match);
      touched.add(group);
    }
    for (const group of [...touched].sort()) this.regroup(group);
  }

  /** A suppression change: every group is regrouped whole (a superset of the touched ones). */
  setSuppressions(suppressions: CompiledSuppression[]): void {
    this.suppressions = suppressions;
    for (const group of [...this.matches.keys()].sort()) this.regroup(group);
  }

  private regroup(group: string): void {
    const { kept } = partitionMatches(this.suppressions, RULE, [...(this.matches.get(group)?.values() ?? [])]);
    const sessions = sessionize(kept, WINDOWS);
    const existing = [...this.signals.values()].filter((signal) => signal.group === group);
    const plan = planGroup(sessions, existing);
    const now = new Date(BASE + this.transactions++);
    for (const session of plan.sessions) {
      const eventIds = new Set(session.events.map((event) => event.id));
      const firstSeen = (session.events[0] as StoredMatch).time;
      const continued = session.signalId ? this.signals.get(session.signalId) : undefined;
      if (continued) Object.assign(continued, { eventIds, firstSeen, isLive: true });
      else {
        const id = `${(++this.counter).toString(16).padStart(6, "0")}-uuid`;
        this.signals.set(id, { id, createdAt: now, firstSeen, group, eventIds, isLive: true });
      }
    }
    // Absorbed signals give their events up; retired ones keep theirs (signal_events stay), out of the lists.
    for (const merge of plan.merged) {
      this.signals.delete(merge.signalId);
      this.absorbed.add(merge.signalId);
    }
    for (const id of plan.retired) (this.signals.get(id) as Signal & { isLive: boolean }).isLive = false;
  }

  live(): Map<string, string[][]> {
    const byGroup = new Map<string, string[][]>();
    for (const signal of this.signals.values()) {
      if (!signal.isLive) continue;
      byGroup.set(signal.group, [...(byGroup.get(signal.group) ?? []), [...signal.eventIds].sort()]);
    }
    for (const sets of byGroup.values()) sets.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
    return byGroup;
  }

  snapshot(): string {
    return JSON.stringify(
      [...this.signals.values()]
        .filter((signal) => signal.isLive)
        .map((signal) => [signal.id, [...signal.eventIds].sort()])
        .sort(),
    );
  }
}

function expected(matches: readonly StoredMatch[], suppressions: CompiledSuppression[]): Map<string, string[][]> {
  const { kept } = partitionMatches(suppressions, RULE, matches);
  const byGroup = new Map<string, StoredMatch[]>();
  for (const match of kept)
    byGroup.set(match.principalArn as string, [...(byGroup.get(match.principalArn as string) ?? []), match]);
  const result = new Map<string, string[][]>();
  for (const [group, list] of byGroup) {
    const sets = sessionize(list, WINDOWS).map((session) => session.map((match) => match.id).sort());
    result.set(
      group,
      sets.sort((a, b) => (a[0] as string).localeCompare(b[0] as string)),
    );
  }
  return result;
}

const arn = (user: number) => `arn:aws:iam::111122223333:user/u${user}`;

const matchesArb = fc
  .uniqueArray(
    fc.record({
      n: fc.integer({ min: 0, max: 99_999 }),
      user: fc.integer({ min: 0, max: 3 }),
      // Mostly a burst (every 25 min, so signals of many events that a suppression can cut into), some scattered.
      minute: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 2 * 24 * 60 }), weight: 1 },
        { arbitrary: fc.integer({ min: 0, max: 20 }).map((step) => 600 + step * 25), weight: 3 },
      ),
      ip: fc.integer({ min: 0, max: IPS.length - 1 }),
    }),
    { selector: (raw) => raw.n, minLength: 1, maxLength: 50, size: "medium" },
  )
  .map((raws) =>
    raws.map(
      (raw): StoredMatch => ({
        id: `e${String(raw.n).padStart(5, "0")}`,
        time: new Date(BASE + raw.minute * MINUTE),
        eventName: "ListFoundationModels",
        eventSource: "bedrock.amazonaws.com",
        awsRegion: "us-east-1",
        sourceIp: IPS[raw.ip] as string,
        userAgent: "Boto3/1.34",
        errorCode: "AccessDeniedException",
        principalArn: arn(raw.user),
        accountId: "111122223333",
        accessKeyId: `AKIA${raw.user}EXAMPLE000000`,
        rawChunkId: "1",
        rawIndex: 0,
      }),
    ),
  );

// Suppressions of every kind: a principal, a glob over two, a CIDR (v4 or v6), an address, with windows
// that cut through the data (their boundaries fall among the matches).
const conditionArb: fc.Arbitrary<SuppressionCondition> = fc.oneof(
  fc
    .integer({ min: 0, max: 3 })
    .map((user): SuppressionCondition => ({ field: "principalArn", operator: "equals", values: [arn(user)] })),
  fc.constant<SuppressionCondition>({ field: "principalArn", operator: "glob", values: ["arn:aws:iam::*:user/u[12]"] }),
  fc
    .constantFrom("10.0.0.0/8", "10.9.0.0/16", "2001:db8::/32", "192.0.2.0/24")
    .map((network): SuppressionCondition => ({ field: "sourceIp", operator: "cidr", values: [network] })),
  fc.constantFrom(...IPS).map((ip): SuppressionCondition => ({ field: "sourceIp", operator: "equals", values: [ip] })),
);
const suppressionArb = fc
  .record({
    conditions: fc.array(conditionArb, { minLength: 1, maxLength: 2 }),
    // Windows anywhere, or starting or ending inside the burst.
    from: fc.oneof(fc.integer({ min: -60, max: 2 * 24 * 60 }), fc.integer({ min: 550, max: 1150 })),
    length: fc.oneof(fc.integer({ min: 1, max: 3 * 24 * 60 }), fc.integer({ min: 30, max: 400 })),
  })
  .map(({ conditions, from, length }, index = 0) =>
    compileSuppression({
      id: `s${index}-${from}-${length}`,
      name: "s",
      version: 1,
      allRules: true,
      ruleIds: [],
      conditions,
      startsAt: new Date(BASE + from * MINUTE),
      expiresAt: new Date(BASE + (from + length) * MINUTE),
    }),
  );

const scenarioArb = fc.record({
  matches: matchesArb,
  suppressions: fc.array(suppressionArb, { maxLength: 3 }),
  uploads: fc.integer({ min: 1, max: 4 }),
  placement: fc.array(fc.nat(), { minLength: 50, maxLength: 50 }),
  order: fc.array(fc.nat(), { minLength: 50, maxLength: 50 }),
  duplicates: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 10 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function uploadsOf(scenario: Scenario): StoredMatch[][] {
  const uploads: StoredMatch[][] = Array.from({ length: scenario.uploads }, () => []);
  const permuted = scenario.matches
    .map((match, index) => ({ match, key: scenario.order[index] as number, index }))
    .sort((a, b) => a.key - b.key || a.index - b.index);
  for (const { match, index } of permuted)
    uploads[(scenario.placement[index] as number) % scenario.uploads]?.push(match);
  for (const [which, where] of scenario.duplicates) {
    uploads[where % scenario.uploads]?.push(scenario.matches[which % scenario.matches.length] as StoredMatch);
  }
  return uploads;
}

describe("suppressions keep signals a pure function of the unsuppressed matches", () => {
  it("any suppressions, any order, split and duplication: the live signals are the sessions of what is left", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const model = new Model(scenario.suppressions);
        for (const upload of uploadsOf(scenario)) model.upload(upload);
        expect(model.live()).toEqual(expected(scenario.matches, scenario.suppressions));
      }),
      { numRuns: 300 },
    );
  });

  it("suppressions added after the uploads give the same signals as suppressions in force before them", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const model = new Model([]);
        for (const upload of uploadsOf(scenario)) model.upload(upload);
        model.setSuppressions(scenario.suppressions);
        expect(model.live()).toEqual(expected(scenario.matches, scenario.suppressions));
      }),
      { numRuns: 300 },
    );
  });

  // A suppression that leaves out the match separating two sessions merges them; un-suppressing cuts them
  // apart again, and the absorbed signal's part comes back as a new signal (its triage went to the survivor).
  // Every other signal comes back as it was, id included; the contents always do.
  it("suppressing then un-suppressing gives back the same contents, and the same signal (id) for each one not merged", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const model = new Model([]);
        for (const upload of uploadsOf(scenario)) model.upload(upload);
        const contents = model.live();
        const before = new Map(JSON.parse(model.snapshot()) as [string, string[]][]);
        model.setSuppressions(scenario.suppressions);
        model.setSuppressions([]);
        expect(model.live()).toEqual(contents);
        const after = new Map(JSON.parse(model.snapshot()) as [string, string[]][]);
        for (const [id, events] of before) if (!model.absorbed.has(id)) expect(after.get(id)).toEqual(events);
      }),
      { numRuns: 300 },
    );
  });

  it("the generated scenarios do hide signals and cut others short", () => {
    let hidden = 0;
    let partial = 0;
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const model = new Model([]);
        for (const upload of uploadsOf(scenario)) model.upload(upload);
        const live = model.live();
        model.setSuppressions(scenario.suppressions);
        const after = model.live();
        const count = (map: Map<string, string[][]>) => [...map.values()].reduce((n, sets) => n + sets.length, 0);
        const sets = (map: Map<string, string[][]>) => new Set([...map.values()].flat().map((set) => set.join()));
        const beforeSets = sets(live);
        if (count(after) < count(live)) hidden++;
        // A signal that lost some events but not all: its event set is new, and it is still listed.
        if ([...sets(after)].some((set) => !beforeSets.has(set))) partial++;
      }),
      { numRuns: 300 },
    );
    expect(hidden).toBeGreaterThan(30);
    expect(partial).toBeGreaterThan(10);
  });
});
