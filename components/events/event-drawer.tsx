"use client";

import { X } from "lucide-react";
import { type ReactNode, useEffect, useRef } from "react";
import { CredentialBadge, ErrorBadge } from "@/components/events/event-badges";
import { FilterValue } from "@/components/events/filter-value";
import { RawJson } from "@/components/events/raw-json";
import { type EventRow, useEvent } from "@/components/events/use-events";
import { InvestigateLink } from "@/components/investigate/investigate-link";
import { FormError } from "@/components/ui/form";
import { IconButton } from "@/components/ui/icon-button";
import { errorMessage } from "@/lib/client/api";
import type { EventFilters } from "@/lib/events/filters";

function Item({ label, children, isWide }: { label: string; children: ReactNode; isWide?: boolean }) {
  return (
    <div className={isWide ? "col-span-2 min-w-0" : "min-w-0"}>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 break-words text-sm">{children ?? <span className="text-zinc-400">—</span>}</dd>
    </div>
  );
}

const mono = (value: string | null | undefined) =>
  value ? <span className="break-all font-mono text-xs">{value}</span> : null;

/**
 * A side panel with one event: its key fields and the event as stored. It does not block the list, so
 * an analyst can click from row to row; Esc or the close button shut it.
 */
export function EventDrawer({
  row,
  onClose,
  onFilter,
}: {
  /** The list row, shown at once while the full event loads. */
  row: EventRow;
  onClose: () => void;
  onFilter: (changes: Partial<EventFilters>) => void;
}) {
  const detail = useEvent(row.id);
  const event = detail.data;
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKeyDown = (keyboard: KeyboardEvent) => {
      if (keyboard.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [onClose]);

  // Focus moves into the panel when it opens or shows another event, so Esc and Tab work from there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when another event is shown
  useEffect(() => {
    closeButton.current?.focus({ preventScroll: true });
  }, [row.id]);

  const iso = new Date(row.eventTime).toISOString();
  return (
    <aside
      role="dialog"
      aria-modal="false"
      aria-labelledby="event-drawer-title"
      className="fixed inset-y-0 right-0 z-40 flex w-full max-w-2xl flex-col border-zinc-200 border-l bg-white shadow-2xl 2xl:max-w-3xl dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="flex items-start justify-between gap-4 border-zinc-200 border-b px-6 py-4 dark:border-zinc-800">
        <div className="min-w-0">
          <h2 id="event-drawer-title" className="truncate font-semibold text-lg" title={row.eventName}>
            {row.eventName}
          </h2>
          <p className="truncate text-sm text-zinc-500 dark:text-zinc-400">
            {row.eventSource ?? "unknown source"} ·{" "}
            <time dateTime={iso}>{iso.replace("T", " ").replace("Z", " UTC")}</time>
          </p>
        </div>
        <IconButton ref={closeButton} label="Close event details" title="Close (Esc)" onClick={onClose}>
          <X className="size-5" aria-hidden />
        </IconButton>
      </header>
      <div className="flex-1 space-y-6 overflow-y-auto px-6 py-5">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3">
          <Item label="Principal" isWide>
            <span className="flex min-w-0 items-start gap-1.5">
              <FilterValue
                value={row.principalArn}
                what="principal"
                onFilter={(principal) => onFilter({ principal })}
                className="whitespace-normal break-all font-mono text-xs"
              />
              <InvestigateLink kind="principal" value={row.principalArn} />
            </span>
          </Item>
          <Item label="Principal type">{row.principalType}</Item>
          <Item label="Account">{mono(row.accountId)}</Item>
          <Item label="Source IP">
            <span className="flex min-w-0 items-start gap-1.5">
              <FilterValue
                value={row.sourceIp}
                what="source IP"
                onFilter={(ip) => onFilter({ ip })}
                className="font-mono text-xs"
              />
              <InvestigateLink kind="ip" value={row.sourceIp} />
            </span>
          </Item>
          <Item label="Access key">
            <span className="flex min-w-0 items-start gap-1.5">
              <FilterValue
                value={row.accessKeyId}
                what="access key"
                onFilter={(accessKeyId) => onFilter({ accessKeyId })}
                className="font-mono text-xs"
              />
              <InvestigateLink kind="accessKeyId" value={row.accessKeyId} />
            </span>
          </Item>
          <Item label="Credential">
            <CredentialBadge type={row.credentialType} />
          </Item>
          <Item label="Error code">
            <ErrorBadge code={row.errorCode} />
          </Item>
          {event?.errorMessage ? (
            <Item label="Error message" isWide>
              {event.errorMessage}
            </Item>
          ) : null}
          <Item label="Region">{row.awsRegion}</Item>
          <Item label="Read-only">{event ? (event.readOnly === null ? null : String(event.readOnly)) : null}</Item>
          <Item label="User agent" isWide>
            {mono(row.userAgent)}
          </Item>
          <Item label="Event ID">{mono(row.eventId)}</Item>
          <Item label="Request ID">{mono(event?.requestId)}</Item>
          <Item label="Event type">{event?.eventType}</Item>
          <Item label="Recipient account">{mono(event?.recipientAccountId)}</Item>
          <Item label="Ingested">
            {event ? (
              <time dateTime={event.ingestedAt}>{event.ingestedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")}</time>
            ) : null}
          </Item>
          <Item label="Upload">
            {event?.uploadId ? (
              <FilterValue
                value={event.uploadId}
                what="upload"
                onFilter={(upload) => onFilter({ upload })}
                className="font-mono text-xs"
              />
            ) : null}
          </Item>
        </dl>
        {detail.isError ? <FormError message={errorMessage(detail.error)} /> : null}
        {event ? (
          <RawJson value={event.raw} text={event.rawText} />
        ) : detail.isPending ? (
          <p className="text-sm text-zinc-500">Loading the stored event…</p>
        ) : null}
      </div>
    </aside>
  );
}
