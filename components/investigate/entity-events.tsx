"use client";

import { SearchX } from "lucide-react";
import { useCallback, useState } from "react";
import { EventDrawer } from "@/components/events/event-drawer";
import { EventsTable } from "@/components/events/events-table";
import { EVENTS_PAGE_SIZE, type EventRow, useEvents } from "@/components/events/use-events";
import { FilterActions } from "@/components/filters/filter-actions";
import { useFilterDraft } from "@/components/filters/use-filter-draft";
import { useEntityEventFilters } from "@/components/investigate/use-entity-events";
import { Card } from "@/components/ui/card";
import { DownloadLink } from "@/components/ui/download-link";
import { Field, FormError, Input } from "@/components/ui/form";
import { Pager } from "@/components/ui/pager";
import { firstErrorMessage } from "@/lib/client/api";
import { type EventFilters, eventSearchParams } from "@/lib/events/filters";

// The entity's own events, newest first, at the foot of its view: the Events list with the entity and
// the view's range fixed, its other filters in the URL under `events.`, and the raw JSON drawer.

const fields = [
  {
    key: "q",
    label: "Search",
    placeholder: "part of a name, source, error or user agent",
    span: "col-span-12 lg:col-span-4",
  },
  { key: "eventName", label: "Event name", placeholder: "ListModels", span: "col-span-6 lg:col-span-2" },
  { key: "eventSource", label: "Event source", placeholder: "bedrock.amazonaws.com", span: "col-span-6 lg:col-span-2" },
  { key: "errorCode", label: "Error code", placeholder: "AccessDenied", span: "col-span-4 lg:col-span-2" },
  { key: "awsRegion", label: "Region", placeholder: "us-east-1", span: "col-span-4 lg:col-span-2" },
  { key: "ip", label: "Source IP", placeholder: "203.0.113.7", span: "col-span-4 lg:col-span-3" },
  { key: "accessKeyId", label: "Access key", placeholder: "AKIA…", span: "col-span-6 lg:col-span-3" },
  { key: "principal", label: "Principal ARN", placeholder: "arn:aws:iam::…", span: "col-span-6 lg:col-span-6" },
] as const;
type FieldKey = (typeof fields)[number]["key"];

function EntityEventFilters({
  filters,
  fixed,
  hasFilters,
  onChange,
  onClear,
}: {
  filters: EventFilters;
  fixed: Partial<EventFilters>;
  hasFilters: boolean;
  onChange: (changes: Partial<EventFilters>) => void;
  onClear: () => void;
}) {
  const shown = fields.filter((field) => !(field.key in fixed));
  const { draft, edit, submit } = useFilterDraft({
    filters,
    textKeys: shown.map((field) => field.key) as FieldKey[],
    onChange,
  });
  return (
    <form onSubmit={submit} aria-label="Filter these events" className="mb-4">
      <div className="grid grid-cols-12 gap-3">
        {shown.map((field) => (
          <div key={field.key} className={field.span}>
            <Field label={field.label}>
              <Input
                name={field.key}
                type={field.key === "q" ? "search" : "text"}
                value={draft[field.key]}
                placeholder={field.placeholder}
                spellCheck={false}
                autoComplete="off"
                className="font-mono text-xs placeholder:font-sans"
                onChange={(event) => edit(field.key, event.target.value)}
              />
            </Field>
          </div>
        ))}
      </div>
      <FilterActions
        hasFilters={hasFilters}
        onClear={onClear}
        hint="The time range is the view's: zoom the chart to narrow it. Other fields match exactly."
      />
    </form>
  );
}

export function EntityEvents({ fixed: entity }: { fixed: Partial<EventFilters> }) {
  const { search, filters, page, hasFilters, setFilters, setPage, clearFilters } = useEntityEventFilters(entity);
  const events = useEvents(search);
  const [selected, setSelected] = useState<EventRow | null>(null);
  const close = useCallback(() => {
    const id = selected?.id;
    setSelected(null);
    if (id) document.querySelector<HTMLElement>(`tr[data-event-id="${id}"]`)?.focus({ preventScroll: true });
  }, [selected]);
  const rows = events.data?.data ?? [];
  const total = events.data?.total ?? 0;
  const fixedKeys = {
    ...entity,
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
  return (
    <section id="events" className="scroll-mt-4">
      <Card
        title="Events"
        description="Every call in the range, newest first. Open one for its stored JSON."
        actions={
          <DownloadLink href={`/api/v1/events/export?${eventSearchParams({ ...filters, format: "csv" })}`}>
            Export CSV
          </DownloadLink>
        }
      >
        <EntityEventFilters
          key={eventSearchParams(filters)}
          filters={filters}
          fixed={fixedKeys}
          hasFilters={hasFilters}
          onChange={setFilters}
          onClear={clearFilters}
        />
        <FormError message={firstErrorMessage(events)} />
        {events.isSuccess && !events.isPlaceholderData && total === 0 ? (
          <p className="flex items-center justify-center gap-2 py-8 text-sm text-zinc-500 dark:text-zinc-400">
            <SearchX className="size-4" aria-hidden />
            No events match these filters in this range.
          </p>
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
          <p className="py-8 text-center text-sm text-zinc-500">Loading events…</p>
        ) : null}
      </Card>
      {selected ? <EventDrawer row={selected} onClose={close} onFilter={setFilters} /> : null}
    </section>
  );
}
