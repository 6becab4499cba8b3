"use client";

import { Hourglass, SearchX } from "lucide-react";
import { useCallback, useEffect } from "react";
import { ActivityChart } from "@/components/investigate/activity-chart";
import type { PanelContext } from "@/components/investigate/entity-panels";
import { RangeBar } from "@/components/investigate/range-bar";
import { useEntityTimeline, useEntityView, type ViewKind } from "@/components/investigate/use-entity";
import { useEntityEventFilters } from "@/components/investigate/use-entity-events";
import { useEntityRange } from "@/components/investigate/use-entity-range";
import { useRecentEntities } from "@/components/investigate/use-recent-entities";
import { ButtonLink } from "@/components/ui/button-link";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form";
import { ApiError, errorMessage } from "@/lib/client/api";
import type { EventFilters } from "@/lib/events/filters";
import { count } from "@/lib/format";

// What the three investigation views share: the range in the URL, the view and its timeline fetched for
// it, the states before there is anything to show (loading, not found, refused), and remembering the
// entity among the recently viewed.

export function useEntityPage<K extends ViewKind>(kind: K, value: string) {
  const { range, isWhole, setRange, clearRange } = useEntityRange();
  const view = useEntityView(kind, value, range);
  const timeline = useEntityTimeline(kind, value, range, (view.data?.pendingBatches ?? 0) > 0);
  const { remember } = useRecentEntities();
  const { setFilters } = useEntityEventFilters();
  useEffect(() => {
    if (view.isSuccess) remember(kind, value);
  }, [view.isSuccess, kind, value, remember]);
  const filterEvents = useCallback(
    (changes: Partial<EventFilters>) => {
      setFilters(changes);
      document.getElementById("events")?.scrollIntoView({ behavior: "smooth", block: "start" });
    },
    [setFilters],
  );
  const context: PanelContext | null = view.data ? { range, distinct: view.data.distinct, filterEvents } : null;
  return { range, isWhole, setRange, clearRange, view, timeline, context, filterEvents };
}

/** The page before its data: loading, nothing stored for this entity, or an error in words. */
export function EntityFallback({ query, what }: { query: { isPending: boolean; error: unknown }; what: string }) {
  if (query.isPending) return <p className="py-16 text-center text-sm text-zinc-500">Loading {what}…</p>;
  if (query.error instanceof ApiError && query.error.status === 404) {
    return (
      <EmptyState
        icon={SearchX}
        title={`Nothing stored for this ${what}`}
        action={<ButtonLink href="/investigate">Search for something else</ButtonLink>}
      >
        {errorMessage(query.error)} Check the value, or upload the exports that hold its activity.
      </EmptyState>
    );
  }
  return <FormError message={errorMessage(query.error)} />;
}

/** Range bar, the note about uploads still being counted, and the activity chart. */
export function EntityActivity({
  page,
  lastSeen,
}: {
  page: ReturnType<typeof useEntityPage>;
  lastSeen: string | null;
}) {
  const pending = page.view.data?.pendingBatches ?? 0;
  return (
    <>
      <RangeBar
        // A zoom on the chart sets the range too: the typed fields start again from it.
        key={`${page.range.from}|${page.range.to}`}
        from={page.range.from}
        to={page.range.to}
        lastSeen={lastSeen}
        onRange={page.setRange}
        onClear={page.clearRange}
      />
      {pending > 0 ? (
        <p className="flex items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 text-sm dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200">
          <Hourglass className="size-4 shrink-0" aria-hidden />
          {count(pending)} stored {pending === 1 ? "batch is" : "batches are"} still being counted (an upload in
          progress); the numbers here grow until {pending === 1 ? "it is" : "they are"} done.
        </p>
      ) : null}
      <FormError message={page.timeline.error ? errorMessage(page.timeline.error) : null} />
      <ActivityChart
        timeline={page.timeline.data}
        isLoading={page.timeline.isFetching}
        isZoomed={!page.isWhole}
        onZoom={page.setRange}
        onReset={page.clearRange}
      />
    </>
  );
}
