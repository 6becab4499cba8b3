// Matches to signal sessions, as DOMAIN.md §1 describes Datadog's grouping, made a pure function of the
// set of matches: sorted by time (then id, so equal times are ordered the same way every time), a new
// session starts when the gap since the previous match exceeds the keep-alive, or when the session has
// lasted longer than the maximum duration. Duplicates (the same id twice) count once.

export interface SessionMatch {
  /** events.id, as text or bigint: unique per stored event. */
  id: string;
  time: Date;
}

export interface SessionWindows {
  keepAliveMs: number;
  maxDurationMs: number;
}

export function sessionize<T extends SessionMatch>(matches: readonly T[], windows: SessionWindows): T[][] {
  const unique = new Map<string, T>();
  for (const match of matches) if (!unique.has(match.id)) unique.set(match.id, match);
  const sorted = [...unique.values()].sort(
    (a, b) => a.time.getTime() - b.time.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const sessions: T[][] = [];
  let current: T[] = [];
  for (const match of sorted) {
    const first = current[0];
    const last = current.at(-1);
    const time = match.time.getTime();
    if (
      first &&
      last &&
      (time - last.time.getTime() > windows.keepAliveMs || time - first.time.getTime() > windows.maxDurationMs)
    ) {
      sessions.push(current);
      current = [];
    }
    current.push(match);
  }
  if (current.length > 0) sessions.push(current);
  return sessions;
}
