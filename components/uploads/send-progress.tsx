"use client";

import { AlertTriangle, CheckCircle2, RotateCcw, Send, X, XCircle } from "lucide-react";
import { Button } from "@/components/ui/form";
import { plural } from "@/components/uploads/format";
import { ProgressBar } from "@/components/uploads/progress-bar";
import { type DropProgress, type SendFailure, uploadSender } from "@/components/uploads/upload-sender";
import { count, formatBytes } from "@/lib/format";

const SHOWN_NAMES = 3;

function names(list: readonly string[]): string {
  const shown = list.slice(0, SHOWN_NAMES).join(", ");
  return list.length > SHOWN_NAMES ? `${shown} and ${count(list.length - SHOWN_NAMES)} more` : shown;
}

function summary(drop: DropProgress): string {
  const bytes = `${formatBytes(drop.bytesDone)} of ${formatBytes(drop.bytesTotal)}`;
  if (drop.state === "sending")
    return `Sending ${count(drop.filesSent)} of ${plural(drop.fileCount, "file")} — ${bytes}`;
  if (drop.state === "cancelled")
    return `Cancelled: ${count(drop.filesSent)} of ${plural(drop.fileCount, "file")} sent. What the server had received is processed below.`;
  const notSent = drop.fileCount - drop.filesSent;
  return notSent > 0
    ? `Sent ${count(drop.filesSent)} of ${plural(drop.fileCount, "file")}; ${plural(notSent, "file")} could not be sent.`
    : `Sent ${plural(drop.fileCount, "file")} (${formatBytes(drop.bytesTotal)}). Their processing shows below.`;
}

function Failure({ dropId, failure }: { dropId: number; failure: SendFailure }) {
  // A role problem will not go away by sending again.
  const canRetry = failure.status !== 403;
  return (
    <div className="mt-2 flex items-start gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-red-800 text-sm dark:border-red-500/40 dark:bg-red-500/10 dark:text-red-200">
      <XCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="min-w-0 flex-1">
        <p>
          <span className="font-medium">
            {plural(failure.files.length, "file")} not sent
            {failure.status ? ` (${failure.status})` : ""}:
          </span>{" "}
          {failure.message}
          {failure.status === 413 && failure.files.length > 1 ? " Retry sends them one file per request." : ""}
        </p>
        <p className="mt-0.5 break-all text-red-700/80 text-xs dark:text-red-300/80">
          {names(failure.files.map((file) => file.name))}
        </p>
      </div>
      {canRetry ? (
        <Button
          variant="secondary"
          className="shrink-0 px-2.5 py-1"
          onClick={() => uploadSender.retry(dropId, failure)}
        >
          <RotateCcw className="size-3.5" aria-hidden />
          Retry
        </Button>
      ) : null}
    </div>
  );
}

/** One drop being sent: how far it is, what failed and why, and a way to stop it. */
function DropCard({ drop }: { drop: DropProgress }) {
  const isSending = drop.state === "sending";
  const Icon = isSending ? Send : drop.failures.length > 0 || drop.state === "cancelled" ? AlertTriangle : CheckCircle2;
  return (
    <li
      aria-label={`Sending ${drop.label}`}
      className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-center gap-3">
        <Icon
          className={
            isSending
              ? "size-4 shrink-0 text-indigo-500 dark:text-indigo-400"
              : drop.failures.length > 0 || drop.state === "cancelled"
                ? "size-4 shrink-0 text-amber-500"
                : "size-4 shrink-0 text-emerald-600 dark:text-emerald-400"
          }
          aria-hidden
        />
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium text-sm" title={drop.label}>
            {drop.label}
          </p>
          <p className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">{summary(drop)}</p>
          {/* Announced once, when the send ends, not at every progress step. */}
          <p role="status" className="sr-only">
            {isSending ? "" : `${drop.label}: ${summary(drop)}`}
          </p>
        </div>
        {isSending ? (
          <Button variant="secondary" className="px-2.5 py-1" onClick={() => uploadSender.cancel(drop.id)}>
            Cancel
          </Button>
        ) : (
          <button
            type="button"
            onClick={() => uploadSender.dismiss(drop.id)}
            aria-label={`Dismiss ${drop.label}`}
            title="Dismiss"
            className="rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          >
            <X className="size-4" aria-hidden />
          </button>
        )}
      </div>
      {isSending ? (
        <ProgressBar
          className="mt-2"
          value={drop.bytesDone}
          max={drop.bytesTotal}
          label={`Sending ${drop.label}`}
          valueText={summary(drop)}
        />
      ) : null}
      {drop.failures.map((failure) => (
        <Failure key={failure.message} dropId={drop.id} failure={failure} />
      ))}
      {drop.refused.length > 0 ? (
        <p className="mt-2 flex items-start gap-2 text-amber-800 text-sm dark:text-amber-200">
          <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
          <span>
            {plural(drop.refused.length, "file")} refused on arrival:{" "}
            {names(drop.refused.map((file) => `${file.filename} (${file.failureReason ?? "failed"})`))}
          </span>
        </p>
      ) : null}
    </li>
  );
}

export function SendProgress({ drops }: { drops: DropProgress[] }) {
  if (drops.length === 0) return null;
  return (
    <ul aria-label="Files being sent" className="-mt-3 mb-6 space-y-2">
      {drops.map((drop) => (
        <DropCard key={drop.id} drop={drop} />
      ))}
    </ul>
  );
}
