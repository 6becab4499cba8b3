"use client";

import { ArrowRight, OctagonX, ShieldAlert, TableProperties } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Time } from "@/components/ui/time";
import { plural } from "@/components/uploads/format";
import { type UploadRow, useUpload } from "@/components/uploads/use-uploads";
import { count, formatBytes } from "@/lib/format";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 break-words text-sm">{children}</dd>
    </div>
  );
}

/** A kept list (errors, skipped files) with the count of those that were only counted. */
function ProblemList({
  title,
  items,
  total,
  empty,
}: {
  title: string;
  items: { where: string; message: string }[];
  total: number;
  empty: string;
}) {
  const more = total - items.length;
  return (
    <section aria-label={title} className="min-w-0">
      <h3 className="mb-1.5 font-medium text-sm">
        {title} <span className="font-normal text-zinc-500 dark:text-zinc-400">({count(total)})</span>
      </h3>
      {items.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>
      ) : (
        <div className="max-h-72 overflow-y-auto rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
          <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {items.map((item, index) => (
              // Two problems can share a place and a message; their order is fixed.
              // biome-ignore lint/suspicious/noArrayIndexKey: the list never reorders
              <li key={index} className="px-3 py-1.5">
                <span className="block break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">{item.where}</span>
                <span className="block break-words">{item.message}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {more > 0 ? (
        <p className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">
          and {count(more)} more (only the first {count(items.length)} are kept)
        </p>
      ) : null}
    </section>
  );
}

const linkClass =
  "inline-flex items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-medium text-sm shadow-sm hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800";

/** What an expanded upload row shows: how its files were read, what went wrong, and where its events went. */
export function UploadDetails({ upload }: { upload: UploadRow }) {
  const detail = useUpload(upload.id, upload.status);
  const signals = detail.data?.signalsTouched;
  const isFinished = upload.status === "done" || upload.status === "failed";
  return (
    <div className="space-y-4 px-2 py-3">
      {upload.status === "failed" && upload.failureReason ? (
        <div
          role="note"
          className="flex items-start gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-red-800 text-sm dark:border-red-500/40 dark:bg-red-500/10 dark:text-red-200"
        >
          <OctagonX className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p className="min-w-0 break-words">
            <span className="font-medium">Failed: </span>
            {upload.failureReason}
          </p>
        </div>
      ) : null}
      <dl className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-x-6 gap-y-3">
        <div className="col-span-2 min-w-0">
          <Fact label="File">
            <span className="break-all">{upload.filename}</span>
          </Fact>
        </div>
        <div className="col-span-2 min-w-0">
          <Fact label="Format">{upload.format ?? (isFinished ? "not recognised" : "not known yet")}</Fact>
        </div>
        <Fact label="Files read">{count(upload.filesRead)}</Fact>
        <Fact label="Size">{formatBytes(upload.bytesTotal)}</Fact>
        <Fact label="Received">
          <Time value={upload.createdAt} />
        </Fact>
        <Fact label="Finished">
          <Time value={upload.finishedAt} fallback={isFinished ? "—" : "not yet"} />
        </Fact>
        <div className="col-span-2 min-w-0">
          <Fact label="Events">
            {count(upload.eventsParsed)} parsed: {count(upload.eventsInserted)} new, {count(upload.eventsDuplicate)}{" "}
            already stored; {count(upload.eventsRejected)} records rejected
          </Fact>
        </div>
        <Fact label="Uploaded by">
          {upload.createdBy ? (
            <span title={upload.createdBy.email}>{upload.createdBy.name}</span>
          ) : (
            <span className="text-zinc-500 dark:text-zinc-400">{upload.source === "cli" ? "command line" : "—"}</span>
          )}
        </Fact>
        <div className="col-span-2 min-w-0">
          <Fact label="Upload ID">
            <span className="break-all font-mono text-xs">{upload.id}</span>
          </Fact>
        </div>
      </dl>
      <div className="flex flex-wrap items-center gap-2">
        {upload.eventsInserted > 0 ? (
          <Link href={{ pathname: "/events", query: { upload: upload.id } }} className={linkClass}>
            <TableProperties className="size-4" aria-hidden />
            View {plural(upload.eventsInserted, "event")}
            <ArrowRight className="size-3.5" aria-hidden />
          </Link>
        ) : upload.eventsDuplicate > 0 && isFinished ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Every event in it was already stored by an earlier upload.
          </p>
        ) : null}
        <Link href={{ pathname: "/signals", query: { upload: upload.id } }} className={linkClass}>
          <ShieldAlert className="size-4" aria-hidden />
          Signals touched: {signals !== undefined ? count(signals) : detail.isError ? "?" : "…"}
        </Link>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <ProblemList title="Errors" items={upload.errors} total={upload.errorsTotal} empty="No errors." />
        <ProblemList
          title="Skipped files"
          items={upload.skipped.map(({ path, reason }) => ({ where: path, message: reason }))}
          total={upload.skippedTotal}
          empty="No file was skipped."
        />
      </div>
    </div>
  );
}
