// Which versions of a signal this browser tab wrote itself. A change is sent from the version the
// analyst saw when they asked for it; when every version since then is one of ours (a quick `a` then
// `r`, or the panel's button then a key), it is sent from our latest instead, since nothing we did not
// see has happened. A version written by anyone else in between keeps the one seen, so the server
// answers 409 and nobody's change is saved over.

const written = new Map<string, { versions: Set<number>; latest: number }>();

/** Records a version the server answered to one of this tab's own changes. */
export function recordOwnVersion(signalId: string, version: number): void {
  const entry = written.get(signalId) ?? { versions: new Set<number>(), latest: 0 };
  entry.versions.add(version);
  entry.latest = Math.max(entry.latest, version);
  written.set(signalId, entry);
}

/** The version to send a change from, given the version the analyst saw. */
export function versionToSend(signalId: string, seen: number): number {
  const entry = written.get(signalId);
  if (!entry || entry.latest <= seen) return seen;
  for (let version = seen + 1; version <= entry.latest; version++) {
    if (!entry.versions.has(version)) return seen;
  }
  return entry.latest;
}
