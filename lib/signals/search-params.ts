import { createLoader, type inferParserType } from "nuqs/server";
import { parseAsField, parsersFor, presentValues } from "@/lib/filters/url-parsers";
import { pageQuerySchema } from "@/lib/page";
import {
  type SignalFilters,
  type SignalSort,
  signalFilterShape,
  signalSearchParams,
  signalSortSchema,
} from "@/lib/signals/filters";

// The Signals list's state in the page URL: filters, order and page number, one parser map shared by
// the page (components/signals/use-signal-search.ts) and its server page. The order has no default
// here: the default order is left out of the URL by the page, and a saved view that names it keeps it
// (lib/signals/saved-views.ts).

const filterParsers = parsersFor(signalFilterShape);

export const signalSearchParsers = {
  ...filterParsers,
  // The server page names the rule and the upload in their chips, so a change renders the page again.
  ruleId: filterParsers.ruleId.withOptions({ shallow: false }),
  upload: filterParsers.upload.withOptions({ shallow: false }),
  sort: parseAsField(signalSortSchema),
  page: parseAsField(pageQuerySchema.shape.page).withDefault(1),
};

export type SignalFilterKey = keyof SignalFilters;
export const signalFilterKeys = Object.keys(signalFilterShape) as SignalFilterKey[];

/** What the list shows: the filters and the order (absent ones left out) and the page. */
export type SignalSearch = SignalFilters & { sort?: SignalSort; page: number };

/** Reads the list's state from a server page's `searchParams`, or from any URL or query string. */
export const loadSignalSearch = createLoader(signalSearchParsers);

/** The list's state as nuqs reads it: absent values are `null`. */
export type SignalSearchState = inferParserType<typeof signalSearchParsers>;

export function toSignalSearch(state: SignalSearchState): SignalSearch {
  const { page, sort, ...filters } = state;
  return { ...presentValues(filters), ...(sort ? { sort } : {}), page };
}

/**
 * What a saved view of this state holds: the filters and the order, not the page, in the form
 * lib/signals/saved-views.ts normalises a view's query to, so the view on screen is found by equality.
 */
export function viewQueryOf(search: SignalSearch): string {
  const { page: _page, ...view } = search;
  return signalSearchParams(view);
}
