import { createLoader, type UrlKeys } from "nuqs/server";
import { pageQuerySchema } from "@/lib/api/list";
import { type EventFilters, eventFilterShape } from "@/lib/events/filters";
import { parseAsField, parsersFor, prefixedUrlKeys } from "@/lib/filters/url-parsers";

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
