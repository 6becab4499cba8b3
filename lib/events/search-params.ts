import { createLoader, type inferParserType, type UrlKeys } from "nuqs/server";
import { type EventFilters, eventFilterShape } from "@/lib/events/filters";
import { asUrlChanges, parseAsField, parsersFor, prefixedUrlKeys, presentValues } from "@/lib/filters/url-parsers";
import { pageQuerySchema } from "@/lib/page";

// The Events list's state in a page URL: its filters and page number, one parser map shared by the
// Events page (components/events/use-event-search.ts), its server page and any screen that embeds the
// list (give it a prefix for its own keys, and fix the filters it is about, such as the principal).

const filterParsers = parsersFor(eventFilterShape);

export const eventSearchParsers = {
  ...filterParsers,
  // The server page names the upload in its chip, so a change of upload renders the page again.
  upload: filterParsers.upload.withOptions({ shallow: false }),
  page: parseAsField(pageQuerySchema.shape.page).withDefault(1),
};
export type EventSearchParsers = typeof eventSearchParsers;

export type EventFilterKey = keyof EventFilters;
export const eventFilterKeys = Object.keys(eventFilterShape) as EventFilterKey[];

/** What the list shows: the filters (absent ones left out) and the page. */
export type EventSearch = EventFilters & { page: number };

/** The list's URL keys under a prefix (`events.principal`, `events.page`), beside another screen's own. */
export function eventSearchUrlKeys(prefix: string): UrlKeys<EventSearchParsers> {
  return prefixedUrlKeys(eventSearchParsers, prefix);
}

/** Reads the list's state from a server page's `searchParams` (or any URL or query string). */
export const loadEventSearch = createLoader(eventSearchParsers);

/** The list's state as nuqs reads it: absent values are `null`. */
export type EventSearchState = inferParserType<EventSearchParsers>;

const withoutKeys = <T extends object>(values: T, keys: object): Partial<T> =>
  Object.fromEntries(Object.entries(values).filter(([key]) => !(key in keys))) as Partial<T>;

/**
 * The list's filters: those in the URL (`own`, the user's), with the filters a screen fixes laid over
 * them (the entity an embedding screen is about: not read from the URL, not the user's to change).
 */
export function eventSearchOf(state: EventSearchState, fixed: Partial<EventFilters> = {}) {
  const { page, ...fromUrl } = state;
  const own: EventFilters = presentValues(withoutKeys(fromUrl, fixed));
  const filters: EventFilters = { ...own, ...fixed };
  const search: EventSearch = { ...filters, page };
  return { own, filters, search };
}

/**
 * A change of filters as nuqs writes it, back on the first page: `undefined` removes a filter (nuqs
 * takes `null`), and fixed filters are left alone.
 */
export function eventSearchChanges(changes: Partial<EventFilters>, fixed: Partial<EventFilters> = {}) {
  return { ...asUrlChanges(withoutKeys(changes, fixed)), page: null };
}

/** Every filter the user can set, removed. */
export const noEventFilters: Partial<EventFilters> = Object.fromEntries(eventFilterKeys.map((key) => [key, undefined]));
