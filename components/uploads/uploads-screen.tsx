"use client";

import { Inbox, Lock, SearchX } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { Button, FormError } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { Pager, pageCount } from "@/components/ui/pager";
import { SendProgress } from "@/components/uploads/send-progress";
import { PANEL_ID, StatusTabs, tabId } from "@/components/uploads/status-tabs";
import { UploadDropZone } from "@/components/uploads/upload-drop-zone";
import { UploadsTable } from "@/components/uploads/uploads-table";
import { useUploadSender } from "@/components/uploads/use-upload-sender";
import {
  UPLOADS_PAGE_SIZE,
  type UploadQuery,
  type UploadStatus,
  uploadStatuses,
  useUploads,
} from "@/components/uploads/use-uploads";
import { firstErrorMessage } from "@/lib/client/api";

/** The status tab and page, kept in the URL (read leniently: a bad value means the default). */
function useUploadQuery() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const rawStatus = params.get("status");
  const query: UploadQuery = {
    status: uploadStatuses.find((status) => status === rawStatus),
    page: Math.max(1, Math.floor(Number(params.get("page") ?? 1)) || 1),
  };
  const navigate = (next: UploadQuery) => {
    const search = new URLSearchParams();
    if (next.status) search.set("status", next.status);
    if (next.page > 1) search.set("page", String(next.page));
    const text = search.toString();
    router.replace((text ? `${pathname}?${text}` : pathname) as "/uploads", { scroll: false });
  };
  return {
    query,
    setStatus: (status: UploadStatus | undefined) => navigate({ status, page: 1 }),
    setPage: (page: number) => navigate({ ...query, page }),
  };
}

function ViewerNote() {
  return (
    <div
      role="note"
      className="mb-6 flex items-start gap-3 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
    >
      <Lock className="mt-0.5 size-4 shrink-0 text-zinc-500" aria-hidden />
      <p>
        <span className="font-medium">Uploading needs the analyst role.</span> Your account is a viewer: you can follow
        every upload and its results here, and an admin can give you the analyst role if you need to bring in exports.
      </p>
    </div>
  );
}

export function UploadsScreen({ canUpload, maxUploadBytes }: { canUpload: boolean; maxUploadBytes: number }) {
  const { query, setStatus, setPage } = useUploadQuery();
  const uploads = useUploads(query);
  const { drops, send } = useUploadSender(maxUploadBytes);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const rows = uploads.data?.data ?? [];
  const total = uploads.data?.total ?? 0;
  const counts = uploads.data?.counts;
  const everything = Object.values(counts ?? {}).reduce((sum, n) => sum + (n ?? 0), 0);
  const pages = pageCount(total, UPLOADS_PAGE_SIZE);
  const isSettled = uploads.isSuccess && !uploads.isPlaceholderData;

  // A page past the end (uploads filtered away under a shared link): go to the last one.
  useEffect(() => {
    if (isSettled && total > 0 && query.page > pages) setPage(pages);
  }, [isSettled, total, query.page, pages, setPage]);

  return (
    <>
      <PageHeader
        title="Uploads"
        description="CloudTrail exports brought in, and how their ingestion went. Times are UTC."
      />
      {canUpload ? (
        <>
          <UploadDropZone onFiles={send} />
          <SendProgress drops={drops} />
        </>
      ) : (
        <ViewerNote />
      )}
      <StatusTabs status={query.status} counts={counts} onChange={setStatus} />
      <FormError message={firstErrorMessage(uploads)} />
      <div role="tabpanel" id={PANEL_ID} aria-labelledby={tabId(query.status)}>
        {isSettled && everything === 0 && total === 0 ? (
          <EmptyState
            icon={Inbox}
            title={canUpload ? "No uploads yet — drop CloudTrail exports above" : "No uploads yet"}
          >
            {canUpload
              ? "Each file becomes one upload here, with its progress and what was found in it."
              : "When an analyst uploads CloudTrail exports, each file shows here with its progress and results."}
          </EmptyState>
        ) : isSettled && total === 0 ? (
          <EmptyState
            icon={SearchX}
            title={`No ${query.status ?? ""} uploads`}
            action={
              <Button variant="secondary" onClick={() => setStatus(undefined)}>
                Show all uploads
              </Button>
            }
          >
            No upload has this status right now.
          </EmptyState>
        ) : uploads.data ? (
          <>
            <UploadsTable rows={rows} expanded={expanded} isStale={uploads.isPlaceholderData} onToggle={toggle} />
            <Pager
              page={query.page}
              pageSize={UPLOADS_PAGE_SIZE}
              total={total}
              shown={rows.length}
              noun="uploads"
              onPage={setPage}
            />
          </>
        ) : uploads.isPending ? (
          <p className="py-10 text-center text-sm text-zinc-500">Loading uploads…</p>
        ) : null}
      </div>
    </>
  );
}
