// How a group's freshly computed sessions take over its existing signals, so triage state survives
// recomputation (DOMAIN.md §5). Pure: the same sessions and signals always give the same plan.
//
// The oldest signal chooses first, taking the session that holds most of its events (ties: the earlier
// session); then the next oldest, among the sessions left. A signal whose events all went to sessions
// other signals took was merged into the one that took most of them; a signal sharing no event with any
// session is retired (its events stopped matching). Sessions nobody took become new signals. So when an
// upload fills the gap between two signals, the older one keeps its state and absorbs the newer.

export interface ExistingSignal {
  id: string;
  createdAt: Date;
  /** Breaks ties between signals created together (in one regrouping): the earlier one is older. */
  firstSeen: Date;
  eventIds: ReadonlySet<string>;
}

export interface PlannedSession<T extends { id: string }> {
  events: readonly T[];
  /** The existing signal that continues as this session; null for a new signal. */
  signalId: string | null;
}

export interface GroupPlan<T extends { id: string }> {
  sessions: PlannedSession<T>[];
  /** Existing signals absorbed into another (by index into `sessions`, whose signal they join). */
  merged: { signalId: string; intoSession: number }[];
  retired: string[];
}

const olderFirst = (a: ExistingSignal, b: ExistingSignal) =>
  a.createdAt.getTime() - b.createdAt.getTime() ||
  a.firstSeen.getTime() - b.firstSeen.getTime() ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function planGroup<T extends { id: string }>(
  sessions: readonly (readonly T[])[],
  existing: readonly ExistingSignal[],
): GroupPlan<T> {
  const sessionOf = new Map<string, number>();
  sessions.forEach((events, index) => {
    for (const event of events) sessionOf.set(event.id, index);
  });
  const owners: (string | null)[] = sessions.map(() => null);
  const merged: GroupPlan<T>["merged"] = [];
  const retired: string[] = [];

  for (const signal of [...existing].sort(olderFirst)) {
    const overlap = new Map<number, number>();
    for (const id of signal.eventIds) {
      const index = sessionOf.get(id);
      if (index !== undefined) overlap.set(index, (overlap.get(index) ?? 0) + 1);
    }
    if (overlap.size === 0) {
      retired.push(signal.id);
      continue;
    }
    const ranked = [...overlap.entries()].sort(([a, countA], [b, countB]) => countB - countA || a - b);
    const free = ranked.find(([index]) => owners[index] === null);
    if (free) owners[free[0]] = signal.id;
    else merged.push({ signalId: signal.id, intoSession: (ranked[0] as [number, number])[0] });
  }
  return {
    sessions: sessions.map((events, index) => ({ events, signalId: owners[index] ?? null })),
    merged,
    retired,
  };
}
