import { clsx } from "clsx";
import { Loader2 } from "lucide-react";
import type { UploadStatus } from "@/components/uploads/use-uploads";

const badge =
  "inline-flex items-center gap-1 whitespace-nowrap rounded-md px-1.5 py-0.5 align-middle font-medium text-xs ring-1 ring-inset";

export const statusLabels: Record<UploadStatus, string> = {
  queued: "queued",
  processing: "processing",
  done: "done",
  failed: "failed",
};

const statusTitles: Record<UploadStatus, string> = {
  queued: "Received and waiting for the ingest worker",
  processing: "Being read and stored now",
  done: "Every readable event is stored",
  failed: "Nothing could be stored from it: see why in its details",
};

const statusColours: Record<UploadStatus, string> = {
  queued: "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600/40",
  processing:
    "bg-indigo-50 text-indigo-700 ring-indigo-600/20 dark:bg-indigo-500/10 dark:text-indigo-300 dark:ring-indigo-400/30",
  done: "bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30",
  failed: "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30",
};

export function StatusBadge({ status }: { status: UploadStatus }) {
  return (
    <span className={clsx(badge, statusColours[status])} title={statusTitles[status]}>
      {status === "processing" ? (
        <Loader2 className="size-3 animate-spin motion-reduce:animate-none" aria-hidden />
      ) : null}
      {statusLabels[status]}
    </span>
  );
}

const sourceTitles: Record<string, string> = {
  browser: "Uploaded on this page",
  api: "Sent to the API with a token",
  cli: "Ingested with the trailtriage command",
};

export function SourceBadge({ source }: { source: string }) {
  return (
    <span
      className={clsx(
        badge,
        "bg-white text-zinc-600 ring-zinc-300 dark:bg-zinc-900 dark:text-zinc-400 dark:ring-zinc-700",
      )}
      title={sourceTitles[source] ?? source}
    >
      {source}
    </span>
  );
}
