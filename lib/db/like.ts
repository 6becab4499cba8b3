/**
 * `value` as a LIKE / ILIKE pattern that matches only itself. Prisma's `contains` and case-insensitive
 * `equals` pass the value to ILIKE as it is, so a `%` or `_` in it would be a wildcard; the backslash is
 * PostgreSQL's default escape character, so it is escaped too.
 */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, "\\$&");
}

/** Prisma's case-insensitive "contains" for free text: the text matches only itself, never as a pattern. */
export function containsText(value: string) {
  return { contains: escapeLike(value), mode: "insensitive" } as const;
}
