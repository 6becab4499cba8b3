"use client";

import { CheckCircle2, FilterX, SearchX, ShieldAlert, Upload } from "lucide-react";
import { useEffect } from "react";
import { SignalFilterBar } from "@/components/signals/signal-filters";
import { NEEDS_TRIAGE, SIGNALS_PANEL_ID, SignalStatusTabs } from "@/components/signals/signal-status-tabs";
import { SignalsTable } from "@/components/signals/signals-table";
import { useSignalSearch } from "@/components/signals/use-signal-search";
import { SIGNALS_PAGE_SIZE, useSignals } from "@/components/signals/use-signals";
import { ButtonLink } from "@/components/ui/button-link";
import { DownloadLink } from "@/components/ui/download-link";
import { EmptyState } from "@/components/ui/empty-state";
import { Button, FormError } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { Pager, pageCount } from "@/components/ui/pager";
import { firstErrorMessage } from "@/lib/client/api";
import { signalSearchParams } from "@/lib/signals/filters";

const count = (n: number) => n.toLocaleString("en-US");

export function SignalsScreen({ hasEvents, uploadName }: { hasEvents: boolean; uploadName: string | null }) {
  const { search, filters, page, hasFilters, setFilters, setPage, clearFilters } = useSignalSearch();
  const signals = useSignals(search);

  const rows = signals.data?.data ?? [];
  const total = signals.data?.total ?? 0;
  const pages = pageCount(total, SIGNALS_PAGE_SIZE);

  // A page past the end (the results shrank under a shared link): go to the last one.
  useEffect(() => {
    if (signals.isSuccess && !signals.isPlaceholderData && total > 0 && page > pages) setPage(pages);
  }, [signals.isSuccess, signals.isPlaceholderData, total, page, pages, setPage]);

  const isEmpty = signals.isSuccess && !signals.isPlaceholderData && total === 0;
  // The export takes the list's filters (not its page): everything the list would show.
  const exportHref = (format: "csv" | "json") =>
    `/api/v1/signals/export?${signalSearchParams({ ...filters, status: filters.status ?? NEEDS_TRIAGE, format })}`;
  const counts = signals.data?.counts;
  const allCount = counts ? counts.open + counts.under_review + counts.archived : 0;

  return (
    <>
      <PageHeader
        title="Signals"
        description="Denied Bedrock and SageMaker discovery calls made with long-term access keys, grouped per principal. Most recent activity first; times are UTC."
        actions={
          <>
            <DownloadLink href={exportHref("csv")}>Export CSV</DownloadLink>
            <DownloadLink href={exportHref("json")}>Export JSON</DownloadLink>
          </>
        }
      />
      {/* Nothing stored yet: nothing to filter, and the way forward is the upload below. */}
      {hasEvents || hasFilters ? (
        <SignalFilterBar
          key={signalSearchParams(filters)}
          filters={filters}
          uploadName={uploadName}
          hasFilters={hasFilters}
          onChange={setFilters}
          onClear={clearFilters}
        />
      ) : null}
      <FormError message={firstErrorMessage(signals)} />
      {hasEvents ? (
        <SignalStatusTabs status={filters.status} counts={counts} onChange={(status) => setFilters({ status })} />
      ) : null}
      {isEmpty && !hasEvents ? (
        <EmptyState
          icon={ShieldAlert}
          title="No signals yet"
          action={
            <ButtonLink href="/uploads">
              <Upload className="size-4" aria-hidden />
              Upload CloudTrail logs
            </ButtonLink>
          }
        >
          Signals appear when CloudTrail shows a long-term access key (AKIA…, or a Bedrock API key) being denied while
          listing or describing models and training jobs. Start by uploading CloudTrail logs.
        </EmptyState>
      ) : isEmpty && !hasFilters && allCount > 0 ? (
        <EmptyState
          icon={CheckCircle2}
          title="Nothing needs triage"
          action={
            <Button variant="secondary" onClick={() => setFilters({ status: ["open", "under_review", "archived"] })}>
              Show all {count(allCount)}
            </Button>
          }
        >
          Every signal is archived. New matching events reopen a signal and bring it back here.
        </EmptyState>
      ) : isEmpty && !hasFilters ? (
        <EmptyState icon={CheckCircle2} title="All clear: no signals">
          None of your stored CloudTrail events is a denied discovery attempt by a long-term key. New uploads are
          checked as they arrive.
        </EmptyState>
      ) : isEmpty ? (
        <EmptyState
          icon={SearchX}
          title="No signals match these filters"
          action={
            <Button variant="secondary" onClick={clearFilters}>
              <FilterX className="size-4" aria-hidden />
              Clear filters
            </Button>
          }
        >
          Principal, IP and key filters match whole values: check the full ARN, IP or key, or widen the time range or
          the statuses.
        </EmptyState>
      ) : signals.data ? (
        <>
          <div id={SIGNALS_PANEL_ID} role="tabpanel">
            <SignalsTable rows={rows} isStale={signals.isPlaceholderData} />
          </div>
          <Pager
            page={page}
            pageSize={SIGNALS_PAGE_SIZE}
            total={total}
            shown={rows.length}
            noun={total === 1 ? "signal" : "signals"}
            onPage={setPage}
          />
        </>
      ) : signals.isPending ? (
        <p className="py-10 text-center text-sm text-zinc-500">Loading signals…</p>
      ) : null}
    </>
  );
}
