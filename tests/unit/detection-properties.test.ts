import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planGroup } from "@/lib/detection/plan";
import { type SessionWindows, sessionize } from "@/lib/detection/sessions";

// The engine's order independence, as properties of the pure pipeline it runs (DOMAIN.md §5). A small
// in-memory model plays the part of the database: each upload adds matches, then every group the
// upload touched is sessionized whole and planned against its live signals, and the plan is applied
// the way lib/detection/engine/regroup.ts applies it. Whatever the order, split or duplication of the
// uploads, the live signals must end up holding exactly the sessions of the whole set at once.

interface Match {
  id: string;
  time: Date;
  group: string;
}

interface ModelSignal {
  id: string;
  createdAt: Date;
  firstSeen: Date;
  group: string;
  eventIds: Set<string>;
}

/** Age as planGroup reads it: created earlier, then first seen earlier, then the lower id. */
type Age = [number, number, string];
const ageOf = (signal: ModelSignal): Age => [signal.createdAt.getTime(), signal.firstSeen.getTime(), signal.id];
const isOlder = (a: Age, b: Age) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);

interface Merge {
  absorbed: Age;
  survivor: Age;
}

const MINUTE = 60_000;
const BASE = Date.UTC(2026, 1, 1);

class Model {
  readonly matches = new Map<string, Map<string, Match>>();
  readonly live = new Map<string, ModelSignal>();
  readonly merges: Merge[] = [];
  readonly retired: string[] = [];
  /** Regroupings in which a group's oldest signal did not continue (there must be none). */
  readonly oldestLost: string[] = [];
  private counter = 0;
  private transactions = 0;

  constructor(private readonly windows: SessionWindows) {}

  upload(batch: readonly Match[]): void {
    // As in ingestion, an event already stored is not matched again, so it dirties no group.
    const touched = new Set<string>();
    for (const match of batch) {
      const group = this.matches.get(match.group) ?? new Map<string, Match>();
      this.matches.set(match.group, group);
      if (group.has(match.id)) continue;
      group.set(match.id, match);
      touched.add(match.group);
    }
    for (const group of [...touched].sort()) this.regroup(group);
  }

  private regroup(group: string): void {
    const sessions = sessionize([...(this.matches.get(group)?.values() ?? [])], this.windows);
    const existing = [...this.live.values()].filter((signal) => signal.group === group);
    const plan = planGroup(sessions, existing);
    // Every existing signal must be accounted for exactly once (continued, merged or retired): one the
    // plan forgot would linger in the lists with stale events.
    const accounted = [
      ...plan.sessions.flatMap((session) => (session.signalId ? [session.signalId] : [])),
      ...plan.merged.map((merge) => merge.signalId),
      ...plan.retired,
    ].sort();
    expect(accounted).toEqual(existing.map((signal) => signal.id).sort());
    const ages = new Map(existing.map((signal) => [signal.id, ageOf(signal)]));
    const oldest = existing.map(ageOf).sort(isOlder)[0];
    if (oldest && !plan.sessions.some((session) => session.signalId === oldest[2])) this.oldestLost.push(oldest[2]);
    // As in the engine: one transaction per regrouping, so signals it creates share created_at (its
    // now()), and ids are UUIDs, whose order says nothing about age.
    const now = new Date(BASE + this.transactions++);
    const owners = plan.sessions.map((session) => {
      const eventIds = new Set(session.events.map((event) => event.id));
      const firstSeen = (session.events[0] as Match).time;
      const continued = session.signalId ? this.live.get(session.signalId) : undefined;
      if (continued) {
        Object.assign(continued, { eventIds, firstSeen });
        return continued.id;
      }
      const id = `${((++this.counter * 2_654_435_761) >>> 0).toString(16).padStart(8, "0")}-uuid`;
      this.live.set(id, { id, createdAt: now, firstSeen, group, eventIds });
      return id;
    });
    for (const merge of plan.merged) {
      this.live.delete(merge.signalId);
      const survivor = plan.sessions[merge.intoSession]?.signalId as string;
      this.merges.push({ absorbed: ages.get(merge.signalId) as Age, survivor: ages.get(survivor) as Age });
      expect(owners[merge.intoSession]).toBe(survivor);
    }
    for (const id of plan.retired) {
      this.live.delete(id);
      this.retired.push(id);
    }
  }

  /** The live signals' contents, per group, in a canonical order. */
  contents(): Map<string, string[][]> {
    const byGroup = new Map<string, string[][]>();
    for (const signal of this.live.values()) {
      byGroup.set(signal.group, [...(byGroup.get(signal.group) ?? []), [...signal.eventIds].sort()]);
    }
    for (const sets of byGroup.values()) sets.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
    return byGroup;
  }

  snapshot(): string {
    return JSON.stringify([...this.live.values()].map((signal) => [signal.id, [...signal.eventIds].sort()]).sort());
  }
}

/** sessionize of the whole set at once, per group: what the live signals must hold. */
function expectedContents(matches: readonly Match[], windows: SessionWindows): Map<string, string[][]> {
  const byGroup = new Map<string, Match[]>();
  for (const match of matches) byGroup.set(match.group, [...(byGroup.get(match.group) ?? []), match]);
  const result = new Map<string, string[][]>();
  for (const [group, list] of byGroup) {
    const sets = sessionize(list, windows).map((session) => session.map((match) => match.id).sort());
    result.set(
      group,
      sets.sort((a, b) => (a[0] as string).localeCompare(b[0] as string)),
    );
  }
  return result;
}

const windowsArb = fc.constantFrom<SessionWindows>(
  { keepAliveMs: 60 * MINUTE, maxDurationMs: 24 * 60 * MINUTE },
  // A short maximum duration makes splits (and the merges a later upload forces around them) common.
  { keepAliveMs: 60 * MINUTE, maxDurationMs: 2 * 60 * MINUTE },
);

// Matches over three days for three principals: scattered (any principal), a steady chain (principal
// 0, a call every 20 min for 10 h) that a maximum duration must cut, and a burst (principal 1, every
// 25 min) whose gaps a later upload fills, so gaps both under and over the keep-alive occur.
const matchArb = fc.oneof(
  fc.record({ group: fc.integer({ min: 0, max: 2 }), minute: fc.integer({ min: 0, max: 3 * 24 * 60 }) }),
  fc.record({ group: fc.constant(0), minute: fc.integer({ min: 0, max: 30 }).map((step) => 600 + step * 20) }),
  fc.record({ group: fc.constant(1), minute: fc.integer({ min: 0, max: 12 }).map((step) => 2400 + step * 25) }),
);

const matchesArb = fc.uniqueArray(
  fc.record({ n: fc.integer({ min: 0, max: 99_999 }), at: matchArb }).map(({ n, at }) => ({ n, ...at })),
  { selector: (raw) => raw.n, minLength: 1, maxLength: 60, size: "medium" },
);

const scenarioArb = fc.record({
  windows: windowsArb,
  raw: matchesArb,
  uploads: fc.integer({ min: 1, max: 5 }),
  placement: fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
  order: fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
  duplicates: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20, size: "medium" }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function buildUploads(scenario: Scenario): { matches: Match[]; uploads: Match[][] } {
  const matches = scenario.raw.map((raw) => ({
    id: `e${String(raw.n).padStart(5, "0")}`,
    time: new Date(BASE + raw.minute * MINUTE),
    group: `arn:aws:iam::111122223333:user/u${raw.group}`,
  }));
  const uploads: Match[][] = Array.from({ length: scenario.uploads }, () => []);
  // A permutation (by random keys), then each match to one upload, then some sent again, anywhere.
  const permuted = matches
    .map((match, index) => ({ match, key: scenario.order[index] as number, index }))
    .sort((a, b) => a.key - b.key || a.index - b.index);
  for (const { match, index } of permuted)
    uploads[(scenario.placement[index] as number) % scenario.uploads]?.push(match);
  for (const [which, where] of scenario.duplicates) {
    uploads[where % scenario.uploads]?.push(matches[which % matches.length] as Match);
  }
  return { matches, uploads };
}

function run(scenario: Scenario): { model: Model; matches: Match[] } {
  const { matches, uploads } = buildUploads(scenario);
  const model = new Model(scenario.windows);
  for (const upload of uploads) model.upload(upload);
  return { model, matches };
}

describe("incremental grouping equals grouping the whole set (model of the engine)", () => {
  it("any order, split into 1 to 5 uploads, with duplicates: the live signals are the sessions of the whole set", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { model, matches } = run(scenario);
        expect(model.contents()).toEqual(expectedContents(matches, scenario.windows));
      }),
      { numRuns: 300 },
    );
  });

  it("every event is in exactly one live signal, and only stored events are", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { model, matches } = run(scenario);
        const seen = new Map<string, number>();
        for (const signal of model.live.values()) {
          expect(signal.eventIds.size).toBeGreaterThan(0);
          for (const id of signal.eventIds) seen.set(id, (seen.get(id) ?? 0) + 1);
        }
        expect([...seen.keys()].sort()).toEqual(matches.map((match) => match.id).sort());
        expect([...seen.values()].every((count) => count === 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("a merge always keeps the oldest signal, and a group's oldest signal (and its triage) always carries on", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { model } = run(scenario);
        for (const merge of model.merges) expect(isOlder(merge.survivor, merge.absorbed)).toBeLessThan(0);
        expect(model.oldestLost).toEqual([]);
        // Matches only ever grow here, so no signal can be left without events.
        expect(model.retired).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("uploading what is already stored again changes nothing, not even a signal's id", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { model, matches } = run(scenario);
        const before = model.snapshot();
        model.upload([...matches].reverse());
        expect(model.snapshot()).toBe(before);
      }),
      { numRuns: 100 },
    );
  });

  // The property is only as good as the cases it meets: check the generator produces the cases that
  // matter (merges, and sessions cut at the maximum duration) often enough to be tested at all.
  it("the generated scenarios do exercise merges and maximum-duration splits", () => {
    let withMerge = 0;
    let withCut = 0;
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { model, matches } = run(scenario);
        if (model.merges.length > 0) withMerge++;
        for (const sets of expectedContents(matches, scenario.windows).values()) {
          const times = new Map(matches.map((match) => [match.id, match.time.getTime()]));
          const sorted = sets.map((set) => set.map((id) => times.get(id) as number).sort((a, b) => a - b));
          sorted.sort((a, b) => (a[0] as number) - (b[0] as number));
          for (let i = 1; i < sorted.length; i++) {
            const gap = (sorted[i]?.[0] as number) - ((sorted[i - 1] as number[]).at(-1) as number);
            if (gap <= scenario.windows.keepAliveMs) withCut++;
          }
        }
      }),
      { numRuns: 300, seed: 20260201 },
    );
    expect(withMerge).toBeGreaterThan(30);
    expect(withCut).toBeGreaterThan(30);
  });
});
