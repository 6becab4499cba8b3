import { createParser, type SingleParserBuilder, type UrlKeys } from "nuqs/server";
import type { z } from "zod";

// Filters in a page's URL, read by nuqs with the API's own zod field schemas (lib/filters/fields.ts), so
// the URL accepts what the API accepts and nothing is listed twice. Leniently: a value the API would
// refuse is read as absent, so a hand-edited or stale link still opens the page (the API, strict, would
// answer 400). Imported from `nuqs/server`, so server pages can load the same maps.

type UrlValue = string | number | Date | readonly string[];

/** Dates as ISO instants, lists comma-joined: the form the API reads back. */
function serialize(value: UrlValue): string {
  if (value instanceof Date) return value.toISOString();
  return Array.isArray(value) ? value.join(",") : String(value);
}

/** A nuqs parser for one URL value, through a zod schema that reads a string (blank reads as absent). */
export function parseAsField<T extends UrlValue>(schema: z.ZodType<T | undefined>): SingleParserBuilder<T> {
  return createParser<T>({
    parse: (value) => schema.safeParse(value).data ?? null,
    serialize,
    eq: (a, b) => serialize(a) === serialize(b),
  });
}

export type FieldParsers<S extends Record<string, z.ZodType>> = {
  [K in keyof S]: SingleParserBuilder<NonNullable<z.output<S[K]>>>;
};

/** One parser per field of a filter shape, in the shape's order (the order a URL lists them). */
export function parsersFor<S extends Record<string, z.ZodType>>(shape: S): FieldParsers<S> {
  return Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [key, parseAsField(schema as z.ZodType<UrlValue | undefined>)]),
  ) as unknown as FieldParsers<S>;
}

/**
 * URL keys under a prefix (`events` gives `events.principal`, `events.page`), for a screen that shows a
 * list beside its own query and must not share the list's keys.
 */
export function prefixedUrlKeys<P extends Record<string, unknown>>(parsers: P, prefix: string): UrlKeys<P> {
  return Object.fromEntries(Object.keys(parsers).map((key) => [key, `${prefix}.${key}`])) as UrlKeys<P>;
}

/** nuqs answers `null` for an absent value; filters leave the key out, as the API's schemas do. */
export type Present<T> = { [K in keyof T]?: Exclude<T[K], null> };

export function presentValues<T extends Record<string, unknown>>(values: T): Present<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null)) as Present<T>;
}

/** Changes as nuqs takes them: `undefined` (remove the filter) becomes `null`. */
export function asUrlChanges<T extends Record<string, unknown>>(changes: T): { [K in keyof T]: T[K] | null } {
  return Object.fromEntries(Object.entries(changes).map(([key, value]) => [key, value ?? null])) as {
    [K in keyof T]: T[K] | null;
  };
}
