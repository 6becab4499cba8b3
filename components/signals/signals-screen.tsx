"use client";

import { useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, FilterX, Keyboard, SearchX, ShieldAlert, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { KeyboardHelp, type ShortcutHelp } from "@/components/keyboard/keyboard-help";
import { useShortcuts } from "@/components/keyboard/use-shortcuts";
import { ArchiveDialog } from "@/components/signals/archive-dialog";
import { BulkBar } from "@/components/signals/bulk-bar";
import type { TriageChange } from "@/components/signals/optimistic";
import { SavedViewsBar } from "@/components/signals/saved-views-bar";
import { SignalFilterBar } from "@/components/signals/signal-filters";
import { SignalPanel } from "@/components/signals/signal-panel";
import { SIGNALS_PANEL_ID, SignalStatusTabs } from "@/components/signals/signal-status-tabs";
import { SignalsTable } from "@/components/signals/signals-table";
import { useListCursor } from "@/components/signals/use-list-cursor";
import { describeBulkResult, useListTriage } from "@/components/signals/use-list-triage";
import { useSelection } from "@/components/signals/use-selection";
import { useSignalSearch } from "@/components/signals/use-signal-search";
import {
  SIGNALS_PAGE_SIZE,
  signalKeys,
  useAssignableUsers,
  useOtherSideCounts,
  useSignals,
} from "@/components/signals/use-signals";
import { ButtonLink } from "@/components/ui/button-link";
import { DownloadLink } from "@/components/ui/download-link";
import { EmptyState } from "@/components/ui/empty-state";
import { Button, FormError } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { Pager, pageCount } from "@/components/ui/pager";
import { ApiError, errorMessage, firstErrorMessage } from "@/lib/client/api";
import { count } from "@/lib/format";
import { signalSearchParams } from "@/lib/signals/filters";
import { ALL_STATUSES, BULK_MAX, type BulkResult, statusesOrTriage } from "@/lib/signals/triage";
import type { SignalAssignee, SignalDetail, SignalListItem } from "@/lib/signals/types";

const listShortcuts: ShortcutHelp[] = [
  { keys: ["j", "k"], does: "Move down or up the list" },
  { keys: ["o"], does: "Open the signal in the side panel" },
  { keys: ["Shift", "O"], does: "Open the signal's full page" },
  { keys: ["x"], does: "Select or unselect the signal" },
  { keys: ["a"], does: "Assign to me" },
  { keys: ["r"], does: "Mark under review" },
  { keys: ["e"], does: "Archive (asks for a reason and a comment)" },
  { keys: ["/"], does: "Search" },
  { keys: ["Esc"], does: "Close the panel, then clear the selection" },
  { keys: ["?"], does: "Show these shortcuts" },
];
const readShortcuts = listShortcuts.filter((item) => !["x", "a", "r", "e"].includes(item.keys[0] as string));

/** What a triage key or the archive dialog acts on, fixed when it was asked for. */
type Target = { kind: "all" } | { kind: "ids"; ids: string[] } | { kind: "one"; row: SignalListItem };

function describeTarget(target: Target, total: number): string {
  if (target.kind === "all") return `all ${count(total)} matching signals`;
  if (target.kind === "ids") return `${count(target.ids.length)} ${target.ids.length === 1 ? "signal" : "signals"}`;
  return "this signal";
}

export function SignalsScreen({
  hasEvents,
  uploadName,
  ruleName,
  me,
  canTriage,
}: {
  hasEvents: boolean;
  uploadName: string | null;
  ruleName: string | null;
  me: SignalAssignee;
  canTriage: boolean;
}) {
  const router = useRouter();
  const client = useQueryClient();
  const { search, filters, sort, page, viewQuery, hasFilters, setFilters, setSort, setPage, clearFilters, applyQuery } =
    useSignalSearch();
  const signals = useSignals(search);
  const isSuppressedList = filters.suppressed === "only" || filters.suppression !== undefined;
  const otherSide = useOtherSideCounts(search);
  const assignable = useAssignableUsers();
  const { one, bulk } = useListTriage(search, [me, ...(assignable.data ?? [])]);

  const rows = signals.data?.data ?? [];
  const total = signals.data?.total ?? 0;
  const pages = pageCount(total, SIGNALS_PAGE_SIZE);

  const selection = useSelection(signalSearchParams(search), rows);
  const cursor = useListCursor({ rows, isPlaceholder: signals.isPlaceholderData, page, pages, setPage });
  const { focusedRow, panelId } = cursor;
  const [archiving, setArchiving] = useState<Target | null>(null);
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const tooMany = selection.isAllMatching && total > BULK_MAX;
  // While a page loads after j or k crossed its edge, the rows shown are the last page's: keys wait.
  const isSettling = signals.isPlaceholderData || cursor.isMoving;

  /**
   * What a triage key acts on, decided when it is pressed: the selection (or everything matching), else
   * the signal in the side panel (what the analyst is looking at), else the keyboard's row.
   */
  function targetNow(): Target | null {
    if (selection.isAllMatching) return { kind: "all" };
    if (selection.selected.size > 0) return { kind: "ids", ids: [...selection.selected] };
    const row =
      panelId !== null
        ? (rows.find((item) => item.id === panelId) ?? client.getQueryData<SignalDetail>(signalKeys.detail(panelId)))
        : focusedRow;
    return row ? { kind: "one", row } : null;
  }

  const bulkDone = {
    onSuccess: (result: BulkResult) => {
      setNotice(describeBulkResult(result));
      selection.clear();
    },
  };
  function act(change: TriageChange, target: Target | null = targetNow()) {
    if (!canTriage || !target) return;
    setNotice(null);
    if (target.kind === "all") {
      if (tooMany) return;
      bulk.mutate({ ...change, filter: { ...filters, status: statusesOrTriage(filters.status) } }, bulkDone);
    } else if (target.kind === "ids") {
      bulk.mutate({ ...change, ids: target.ids }, bulkDone);
    } else {
      const { row } = target;
      const isNoOp =
        (change.status !== undefined && change.status === row.status) ||
        (change.assigneeId !== undefined && change.assigneeId === (row.assignee?.id ?? null));
      if (!isNoOp) one.mutate({ row, change });
    }
  }

  useShortcuts(
    {
      j: () => {
        if (!isSettling) cursor.move(1);
      },
      k: () => {
        if (!isSettling) cursor.move(-1);
      },
      o: () => {
        if (focusedRow && !isSettling) cursor.openPanel(focusedRow.id);
      },
      "shift+o": () => {
        if (focusedRow && !isSettling) router.push(`/signals/${focusedRow.id}`);
      },
      x: () => {
        if (canTriage && focusedRow && !isSettling) selection.toggle(focusedRow.id);
      },
      a: () => {
        if (!isSettling) act({ assigneeId: me.id });
      },
      r: () => {
        if (!isSettling) act({ status: "under_review" });
      },
      e: () => {
        const target = targetNow();
        if (!canTriage || isSettling || !target || (target.kind === "all" && tooMany)) return;
        if (target.kind === "one" && target.row.status === "archived") return;
        setArchiving(target);
      },
      "/": () => {
        const box = document.getElementById("signal-search") as HTMLInputElement | null;
        box?.focus();
        box?.select();
      },
      "?": () => setIsHelpOpen(true),
      esc: () => (panelId !== null ? cursor.closePanel() : selection.clear()),
    },
    archiving === null && !isHelpOpen,
  );

  const triageError = one.error ?? bulk.error;
  const triageMessage =
    triageError instanceof ApiError && triageError.status === 409
      ? "Someone else changed this signal first, so your change was not saved; the list now shows theirs."
      : triageError
        ? errorMessage(triageError)
        : null;

  // A page past the end (the results shrank under a shared link): go to the last one.
  useEffect(() => {
    if (signals.isSuccess && !signals.isPlaceholderData && total > 0 && page > pages) setPage(pages);
  }, [signals.isSuccess, signals.isPlaceholderData, total, page, pages, setPage]);

  const isEmpty = signals.isSuccess && !signals.isPlaceholderData && total === 0;
  // The export takes the list's filters (not its page): everything the list would show.
  const exportHref = (format: "csv" | "json") =>
    `/api/v1/signals/export?${signalSearchParams({ ...filters, status: statusesOrTriage(filters.status), sort, format })}`;
  const counts = signals.data?.counts;
  const allCount = counts ? counts.open + counts.under_review + counts.archived : 0;

  return (
    <>
      <PageHeader
        title="Signals"
        description="Denied Bedrock and SageMaker discovery calls made with long-term access keys, grouped per principal. Times are UTC; press ? for keyboard shortcuts."
        actions={
          <>
            <Button variant="secondary" className="px-3 py-1.5" onClick={() => setIsHelpOpen(true)}>
              <Keyboard className="size-4" aria-hidden />
              Shortcuts
            </Button>
            <DownloadLink href={exportHref("csv")}>Export CSV</DownloadLink>
            <DownloadLink href={exportHref("json")}>Export JSON</DownloadLink>
          </>
        }
      />
      {hasEvents ? <SavedViewsBar query={viewQuery} onApply={applyQuery} /> : null}
      {/* Nothing stored yet: nothing to filter, and the way forward is the upload below. */}
      {hasEvents || hasFilters ? (
        <SignalFilterBar
          key={signalSearchParams(filters)}
          filters={filters}
          uploadName={uploadName}
          ruleName={ruleName}
          people={assignable.data}
          hasFilters={hasFilters}
          onChange={setFilters}
          onClear={clearFilters}
        />
      ) : null}
      <FormError message={firstErrorMessage(signals)} />
      <FormError message={triageMessage} />
      {notice ? (
        <p role="status" className="mb-3 text-sm text-emerald-700 dark:text-emerald-300">
          {notice}
        </p>
      ) : null}
      {hasEvents ? (
        <SignalStatusTabs
          status={filters.status}
          isSuppressed={isSuppressedList}
          counts={isSuppressedList ? otherSide.data?.counts : counts}
          suppressedCount={isSuppressedList ? signals.data?.total : otherSide.data?.total}
          onChange={(status, suppressed) => setFilters({ status, suppressed, suppression: undefined })}
        />
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
            <Button variant="secondary" onClick={() => setFilters({ status: ALL_STATUSES })}>
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
          {selection.hasSelection && canTriage ? (
            <BulkBar
              selectedCount={selection.selected.size}
              total={total}
              isAllMatching={selection.isAllMatching}
              canSelectAllMatching={selection.isPageSelected && total > rows.length}
              me={me}
              people={assignable.data}
              busy={bulk.isPending}
              onSelectAllMatching={selection.selectAllMatching}
              onClear={selection.clear}
              onChange={(change) => act(change)}
              onArchive={() => setArchiving(targetNow())}
              suppressHref={
                selection.isAllMatching || selection.selected.size > 100
                  ? undefined
                  : `/suppressions/new?signals=${[...selection.selected].join(",")}`
              }
            />
          ) : null}
          <div id={SIGNALS_PANEL_ID} role="tabpanel">
            <SignalsTable
              rows={rows}
              isStale={signals.isPlaceholderData}
              sort={sort}
              onSort={setSort}
              focusedId={cursor.focusedId}
              onOpen={cursor.openPanel}
              selection={
                canTriage
                  ? { selected: selection.selected, onToggle: selection.toggle, onTogglePage: selection.togglePage }
                  : undefined
              }
            />
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
      {panelId !== null ? (
        <SignalPanel
          id={panelId}
          row={rows.find((row) => row.id === panelId)}
          me={me}
          canTriage={canTriage}
          onClose={cursor.closePanel}
        />
      ) : null}
      {archiving ? (
        <ArchiveDialog
          what={describeTarget(archiving, total)}
          title={archiving.kind === "one" ? archiving.row.title : undefined}
          busy={bulk.isPending || one.isPending}
          onClose={() => setArchiving(null)}
          onArchive={(change) => {
            act({ status: "archived", ...change }, archiving);
            setArchiving(null);
          }}
        />
      ) : null}
      <KeyboardHelp
        open={isHelpOpen}
        onClose={() => setIsHelpOpen(false)}
        shortcuts={canTriage ? listShortcuts : readShortcuts}
      />
    </>
  );
}
