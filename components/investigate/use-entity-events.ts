"use client";

import { useEventSearch } from "@/components/events/use-event-search";
import { useEntityRange } from "@/components/investigate/use-entity-range";
import type { EventFilters } from "@/lib/events/filters";

// The events table at the foot of an investigation view: the Events list's own filters, under the
// `events.` prefix in the URL (the page's `from` and `to` are the view's range), with the entity and the
// range fixed. Values clicked in the facet tables land here.

export const ENTITY_EVENTS_PREFIX = "events";

export function useEntityEventFilters(fixedEntity: Partial<EventFilters> = {}) {
  const { range } = useEntityRange();
  const fixed: Partial<EventFilters> = {
    ...fixedEntity,
    ...(range.from ? { from: new Date(range.from) } : {}),
    ...(range.to ? { to: new Date(range.to) } : {}),
  };
  return useEventSearch({ prefix: ENTITY_EVENTS_PREFIX, fixed });
}
