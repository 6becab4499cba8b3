"use client";

import { clsx } from "clsx";
import { ChevronRight } from "lucide-react";
import { Fragment } from "react";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { compact, formatDuration, plural } from "@/components/uploads/format";
import { ProgressBar } from "@/components/uploads/progress-bar";
import { SourceBadge, StatusBadge } from "@/components/uploads/upload-badges";
import { UploadDetails } from "@/components/uploads/upload-details";
import type { UploadRow } from "@/components/uploads/use-uploads";
import { count, formatBytes } from "@/lib/format";
import { isBundleName } from "@/lib/ingest/bundle-plan";

const secondary = "block truncate text-xs text-zinc-500 dark:text-zinc-400";
const COLUMNS = 6;

function Progress({ upload }: { upload: UploadRow }) {
  const { status, bytesTotal } = upload;
  // Done means every byte was read, whatever the last progress report said.
  const value = status === "done" ? bytesTotal : upload.bytesProcessed;
  const percent = bytesTotal > 0 ? Math.floor((value / bytesTotal) * 100) : 0;
  const bytes = `${formatBytes(value)} of ${formatBytes(bytesTotal)}`;
  return (
    <>
      <ProgressBar
        value={value}
        max={bytesTotal}
        label={`Progress of ${upload.filename}`}
        valueText={`${bytes} read (${percent}%), ${count(upload.eventsParsed)} events parsed`}
        tone={status === "done" ? "done" : status === "failed" ? "failed" : status === "queued" ? "waiting" : "active"}
      />
      <span className="mt-1 flex justify-between gap-2 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
        <span
          className="truncate"
          title={status === "queued" ? undefined : `${count(upload.eventsParsed)} events parsed`}
        >
          {status === "queued"
            ? "waiting to start"
            : `${compact(upload.eventsParsed)} ${upload.eventsParsed === 1 ? "event" : "events"}`}
        </span>
        {status === "processing" ? <span>{percent}%</span> : null}
      </span>
    </>
  );
}

/** How long it took (or has taken so far), and how fast it went. */
function took(upload: UploadRow): string {
  if (upload.durationMs === null) return "\u00a0";
  const rate = upload.eventsPerSecond && upload.eventsParsed > 0 ? ` · ${compact(upload.eventsPerSecond)} ev/s` : "";
  return `${formatDuration(upload.durationMs)}${rate}`;
}

// S3 names differ at their end (time and random suffix): keep the end in view and cut the middle.
const TAIL = 20;

function FileName({ name }: { name: string }) {
  const cut = name.length > TAIL + 8 ? name.length - TAIL : name.length;
  return (
    <span className="flex min-w-0 overflow-hidden font-medium">
      {/* Flex items would put a space into the accessible name: read the name whole instead. */}
      <span className="sr-only">{name}</span>
      <span aria-hidden className="truncate">
        {name.slice(0, cut)}
      </span>
      <span aria-hidden className="shrink-0 whitespace-pre">
        {name.slice(cut)}
      </span>
    </span>
  );
}

function Counts({ upload }: { upload: UploadRow }) {
  if (upload.status === "queued") return <span className="text-zinc-400 dark:text-zinc-600">—</span>;
  const parts = [
    { n: upload.eventsInserted, label: "new", title: "new events stored", className: "font-medium" },
    { n: upload.eventsDuplicate, label: "duplicate", title: "duplicates: already stored from an earlier upload" },
    {
      n: upload.eventsRejected,
      label: "rejected",
      title: "rejected: records that are not valid CloudTrail events",
      className: upload.eventsRejected > 0 ? "font-medium text-amber-700 dark:text-amber-400" : undefined,
    },
  ];
  return (
    <span className="whitespace-nowrap tabular-nums">
      {parts.map((part, index) => (
        <span key={part.label}>
          {index > 0 ? <span className="text-zinc-400 dark:text-zinc-600"> / </span> : null}
          <span title={`${count(part.n)} ${part.title}`} className={part.className}>
            <span aria-hidden>{compact(part.n)}</span>
            <span className="sr-only">
              {count(part.n)} {part.label}
              {index < parts.length - 1 ? "," : ""}
            </span>
          </span>
        </span>
      ))}
    </span>
  );
}

export function UploadsTable({
  rows,
  expanded,
  isStale,
  onToggle,
}: {
  rows: UploadRow[];
  expanded: ReadonlySet<string>;
  /** Showing the previous page while the next one loads. */
  isStale: boolean;
  onToggle: (id: string) => void;
}) {
  return (
    <Table aria-label="Uploads" aria-busy={isStale} className={clsx("table-fixed", isStale && "opacity-60")}>
      <colgroup>
        <col />
        <col className="w-32 2xl:w-48" />
        <col className="w-28" />
        <col className="w-32 2xl:w-48" />
        <col className="w-36" />
        <col className="w-44" />
      </colgroup>
      <thead>
        <tr>
          <Th isDense>File</Th>
          <Th isDense>Format</Th>
          <Th isDense>Status</Th>
          <Th isDense>Progress</Th>
          <Th isDense>
            <abbr title="New events / duplicates / rejected records" className="no-underline">
              New / dup / rej.
            </abbr>
          </Th>
          <Th isDense>Started · duration</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((upload) => {
          const isOpen = expanded.has(upload.id);
          const detailsId = `upload-details-${upload.id}`;
          return (
            <Fragment key={upload.id}>
              <tr
                data-testid="upload-row"
                data-status={upload.status}
                data-upload-id={upload.id}
                onClick={(event) => {
                  if (!(event.target as HTMLElement).closest("a, button")) onToggle(upload.id);
                }}
                className={clsx(
                  "cursor-pointer",
                  isOpen ? "bg-zinc-50 dark:bg-zinc-800/40" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/50",
                )}
              >
                <Td isDense>
                  <button
                    type="button"
                    aria-expanded={isOpen}
                    aria-controls={isOpen ? detailsId : undefined}
                    onClick={() => onToggle(upload.id)}
                    title={upload.filename}
                    className="flex w-full min-w-0 items-center gap-1.5 rounded-sm text-left"
                  >
                    <ChevronRight
                      className={clsx("size-4 shrink-0 text-zinc-400 transition-transform", isOpen && "rotate-90")}
                      aria-hidden
                    />
                    <FileName name={upload.filename} />
                  </button>
                  <span className="mt-0.5 flex items-center gap-2 pl-5.5">
                    <SourceBadge source={upload.source} />
                    <span className={secondary}>
                      {formatBytes(upload.bytesTotal)}
                      {isBundleName(upload.filename) && upload.filesRead > 0
                        ? ` · ${plural(upload.filesRead, "file")}`
                        : null}
                      {upload.createdBy ? <span className="hidden 2xl:inline"> · {upload.createdBy.name}</span> : null}
                    </span>
                  </span>
                </Td>
                <Td isDense>
                  <span className="block truncate text-xs" title={upload.format ?? undefined}>
                    {upload.format ?? <span className="text-zinc-400 dark:text-zinc-600">—</span>}
                  </span>
                </Td>
                <Td isDense>
                  <StatusBadge status={upload.status} />
                </Td>
                <Td isDense>
                  <Progress upload={upload} />
                </Td>
                <Td isDense>
                  <Counts upload={upload} />
                </Td>
                <Td isDense className="text-xs tabular-nums">
                  <Time value={upload.startedAt} fallback="not yet" />
                  <span className={secondary}>{took(upload)}</span>
                </Td>
              </tr>
              {isOpen ? (
                <tr id={detailsId} className="bg-zinc-50/70 dark:bg-zinc-950/40">
                  <Td isDense colSpan={COLUMNS}>
                    <UploadDetails upload={upload} />
                  </Td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </Table>
  );
}
