// How deep a record may nest. CloudTrail's own records nest a dozen levels at most (requestParameters of
// the deepest APIs); a record nested 100,000 levels is an attack on whatever walks it later (the raw view's
// JSON.stringify, a recursive renderer), so ingest refuses it with a message, as it does oversized records.

export const MAX_RECORD_DEPTH = 64;

function deeper(value: unknown, remaining: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (remaining === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (deeper(item, remaining - 1)) return true;
    return false;
  }
  for (const key in value) if (deeper((value as Record<string, unknown>)[key], remaining - 1)) return true;
  return false;
}

/** Whether objects and arrays nest more than `max` levels (a flat object is one level). Recursion stops at `max`. */
export function nestsDeeperThan(value: unknown, max: number = MAX_RECORD_DEPTH): boolean {
  return deeper(value, max);
}
