"use client";

import { FilterX, SearchX, TableProperties, Upload } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { EventDrawer } from "@/components/events/event-drawer";
import { EventFilterBar } from "@/components/events/event-filters";
import { EventsTable } from "@/components/events/events-table";
import { useEventSearch } from "@/components/events/use-event-search";
import { EVENTS_PAGE_SIZE, type EventRow, useEvents } from "@/components/events/use-events";
import { ButtonLink } from "@/components/ui/button-link";
import { DownloadLink } from "@/components/ui/download-link";
import { EmptyState } from "@/components/ui/empty-state";
import { Button, FormError } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { Pager, pageCount } from "@/components/ui/pager";
import { firstErrorMessage } from "@/lib/client/api";
import { type ExportFormat, eventSearchParams } from "@/lib/events/filters";

export function EventsScreen({ hasEvents, uploadName }: { hasEvents: boolean; uploadName: string | null }) {
  const { search, filters, page, hasFilters, setFilters, setPage, clearFilters } = useEventSearch();
  const events = useEvents(search);
  // The open event's list row: the drawer shows it at once and loads the rest.
  const [selected, setSelected] = useState<EventRow | null>(null);

  const close = useCallback(() => {
    const id = selected?.id;
    setSelected(null);
    // Back to where the analyst was in the list.
    if (id) document.querySelector<HTMLElement>(`tr[data-event-id="${id}"]`)?.focus({ preventScroll: true });
  }, [selected]);

  const rows = events.data?.data ?? [];
  const total = events.data?.total ?? 0;
  const pages = pageCount(total, EVENTS_PAGE_SIZE);

  // A page past the end (the results shrank under a shared link): go to the last one.
  useEffect(() => {
    if (events.isSuccess && !events.isPlaceholderData && total > 0 && page > pages) setPage(pages);
  }, [events.isSuccess, events.isPlaceholderData, total, page, pages, setPage]);

  const exportHref = (format: ExportFormat) => `/api/v1/events/export?${eventSearchParams({ ...filters, format })}`;
  const isEmpty = events.isSuccess && !events.isPlaceholderData && total === 0;
  const isNothingStored = isEmpty && (!hasFilters || !hasEvents);

  return (
    <>
      <PageHeader
        title="Events"
        description="Every stored CloudTrail event, newest first. Times are UTC."
        actions={
          <>
            <DownloadLink href={exportHref("csv")}>Export CSV</DownloadLink>
            <DownloadLink href={exportHref("jsonl")}>Export JSON Lines</DownloadLink>
          </>
        }
      />
      <EventFilterBar
        key={eventSearchParams(filters)}
        filters={filters}
        uploadName={uploadName}
        hasFilters={hasFilters}
        onChange={setFilters}
        onClear={clearFilters}
      />
      <FormError message={firstErrorMessage(events)} />
      {isNothingStored ? (
        <EmptyState
          icon={TableProperties}
          title="No events stored yet"
          action={
            <ButtonLink href="/uploads">
              <Upload className="size-4" aria-hidden />
              Upload CloudTrail exports
            </ButtonLink>
          }
        >
          Upload CloudTrail exports on the Uploads page. Each event is stored once, however many exports contain it,
          with its original JSON kept for review.
        </EmptyState>
      ) : isEmpty ? (
        <EmptyState
          icon={SearchX}
          title="No events match these filters"
          action={
            <Button variant="secondary" onClick={clearFilters}>
              <FilterX className="size-4" aria-hidden />
              Clear filters
            </Button>
          }
        >
          Text filters other than Search match whole values exactly: check the full ARN, IP or key, or widen the time
          range.
        </EmptyState>
      ) : events.data ? (
        <>
          <EventsTable
            rows={rows}
            selectedId={selected?.id ?? null}
            isStale={events.isPlaceholderData}
            onOpen={(id) => setSelected(rows.find((row) => row.id === id) ?? null)}
            onFilter={setFilters}
          />
          <Pager
            page={page}
            pageSize={EVENTS_PAGE_SIZE}
            total={total}
            shown={rows.length}
            noun="events"
            onPage={setPage}
          />
        </>
      ) : events.isPending ? (
        <p className="py-10 text-center text-sm text-zinc-500">Loading events…</p>
      ) : null}
      {selected ? <EventDrawer row={selected} onClose={close} onFilter={setFilters} /> : null}
    </>
  );
}
