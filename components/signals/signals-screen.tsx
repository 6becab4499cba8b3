"use client";

import { CheckCircle2, FilterX, Keyboard, SearchX, ShieldAlert, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { KeyboardHelp, type ShortcutHelp } from "@/components/keyboard/keyboard-help";
import { useShortcuts } from "@/components/keyboard/use-shortcuts";
import { ArchiveDialog } from "@/components/signals/archive-dialog";
import { BulkBar } from "@/components/signals/bulk-bar";
import type { TriageChange } from "@/components/signals/optimistic";
import { SavedViewsBar } from "@/components/signals/saved-views-bar";
import { SignalFilterBar } from "@/components/signals/signal-filters";
import { SignalPanel } from "@/components/signals/signal-panel";
import { NEEDS_TRIAGE, SIGNALS_PANEL_ID, SignalStatusTabs } from "@/components/signals/signal-status-tabs";
import { SignalsTable } from "@/components/signals/signals-table";
import { describeBulkResult, useListTriage } from "@/components/signals/use-list-triage";
import { useSignalSearch } from "@/components/signals/use-signal-search";
import { SIGNALS_PAGE_SIZE, useAssignableUsers, useSignals } from "@/components/signals/use-signals";
import { ButtonLink } from "@/components/ui/button-link";
import { DownloadLink } from "@/components/ui/download-link";
import { EmptyState } from "@/components/ui/empty-state";
import { Button, FormError } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { Pager, pageCount } from "@/components/ui/pager";
import { ApiError, errorMessage, firstErrorMessage } from "@/lib/client/api";
import { signalSearchParams } from "@/lib/signals/filters";
import type { BulkResult } from "@/lib/signals/triage";
import type { SignalAssignee } from "@/lib/signals/types";

const count = (n: number) => n.toLocaleString("en-US");

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

const NO_IDS: ReadonlySet<string> = new Set();

export function SignalsScreen({
  hasEvents,
  uploadName,
  me,
  canTriage,
}: {
  hasEvents: boolean;
  uploadName: string | null;
  me: SignalAssignee;
  canTriage: boolean;
}) {
  const router = useRouter();
  const { search, filters, sort, page, viewQuery, hasFilters, setFilters, setSort, setPage, clearFilters, applyQuery } =
    useSignalSearch();
  const signals = useSignals(search);
  const assignable = useAssignableUsers();
  const { one, bulk } = useListTriage(search, [me, ...(assignable.data ?? [])]);

  const rows = signals.data?.data ?? [];
  const total = signals.data?.total ?? 0;
  const pages = pageCount(total, SIGNALS_PAGE_SIZE);

  // The selection belongs to one list: another filter, order or page starts a new one.
  const listKey = signalSearchParams(search);
  const [selection, setSelection] = useState({ listKey, ids: NO_IDS, isAllMatching: false });
  const selected = selection.listKey === listKey ? selection.ids : NO_IDS;
  const isAllMatching = selection.listKey === listKey && selection.isAllMatching;
  const hasSelection = selected.size > 0 || isAllMatching;
  const select = (ids: ReadonlySet<string>, all = false) => setSelection({ listKey, ids, isAllMatching: all });
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    select(next);
  };
  const togglePage = () =>
    select(rows.every((row) => selected.has(row.id)) ? NO_IDS : new Set(rows.map((row) => row.id)));

  // The keyboard's row. When it leaves the list (archived from the "Needs triage" tab), the row now in
  // its place takes over, so triage goes on down the list.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  // The side panel's signal: it follows the keyboard's row, and stays on its signal when that leaves the
  // list, so an analyst who archives from the panel still sees the result (and can reopen it).
  const [panelId, setPanelId] = useState<string | null>(null);
  const [isArchiving, setIsArchiving] = useState(false);
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const focusedIndex = rows.findIndex((row) => row.id === focusedId);
  const focusedRow = focusedIndex >= 0 ? rows[focusedIndex] : undefined;
  const lastIndex = useRef(0);
  useEffect(() => {
    if (focusedIndex >= 0) lastIndex.current = focusedIndex;
  });
  // j past the page's last row goes on to the next page's first (k likewise backwards), panel and all.
  const pendingEdge = useRef<"first" | "last" | null>(null);
  useEffect(() => {
    if (signals.isPlaceholderData) return;
    if (pendingEdge.current) {
      const id = (pendingEdge.current === "first" ? rows[0] : rows.at(-1))?.id ?? null;
      pendingEdge.current = null;
      setFocusedId(id);
      setPanelId((open) => (open !== null && id !== null ? id : open));
      return;
    }
    if (focusedId === null || rows.some((row) => row.id === focusedId)) return;
    setFocusedId(rows[Math.min(lastIndex.current, rows.length - 1)]?.id ?? null);
  }, [rows, focusedId, signals.isPlaceholderData]);
  useEffect(() => {
    if (focusedId) document.querySelector(`[data-signal-id="${focusedId}"]`)?.scrollIntoView({ block: "nearest" });
  }, [focusedId]);

  const focus = (id: string | null) => {
    setFocusedId(id);
    if (panelId !== null && id !== null) setPanelId(id);
  };
  const move = (step: 1 | -1) => {
    if (rows.length === 0) return;
    const from = focusedIndex >= 0 ? focusedIndex : step === 1 ? -1 : rows.length;
    const to = from + step;
    if (to >= rows.length && page < pages) {
      pendingEdge.current = "first";
      setPage(page + 1);
    } else if (to < 0 && page > 1) {
      pendingEdge.current = "last";
      setPage(page - 1);
    } else {
      focus(rows[Math.min(Math.max(to, 0), rows.length - 1)]?.id ?? null);
    }
  };

  const bulkDone = {
    onSuccess: (result: BulkResult) => {
      setNotice(describeBulkResult(result));
      select(NO_IDS);
    },
  };
  /** A triage change on the selection (or everything matching), else on the keyboard's row. */
  function act(change: TriageChange) {
    if (!canTriage) return;
    setNotice(null);
    if (isAllMatching) {
      bulk.mutate({ ...change, filter: { ...filters, status: filters.status ?? NEEDS_TRIAGE } }, bulkDone);
    } else if (selected.size > 0) {
      bulk.mutate({ ...change, ids: [...selected] }, bulkDone);
    } else if (focusedRow) {
      const isNoOp =
        (change.status !== undefined && change.status === focusedRow.status) ||
        (change.assigneeId !== undefined && change.assigneeId === (focusedRow.assignee?.id ?? null));
      if (!isNoOp) one.mutate({ row: focusedRow, change });
    }
  }
  const archiveTarget = isAllMatching
    ? `all ${count(total)} matching signals`
    : selected.size > 0
      ? `${count(selected.size)} ${selected.size === 1 ? "signal" : "signals"}`
      : "this signal";

  useShortcuts(
    {
      j: () => move(1),
      k: () => move(-1),
      o: () => {
        if (focusedRow) setPanelId(focusedRow.id);
      },
      "shift+o": () => {
        if (focusedRow) router.push(`/signals/${focusedRow.id}`);
      },
      x: () => {
        if (canTriage && focusedRow) toggle(focusedRow.id);
      },
      a: () => act({ assigneeId: me.id }),
      r: () => act({ status: "under_review" }),
      e: () => {
        if (canTriage && (hasSelection || (focusedRow && focusedRow.status !== "archived"))) setIsArchiving(true);
      },
      "/": () => {
        const box = document.getElementById("signal-search") as HTMLInputElement | null;
        box?.focus();
        box?.select();
      },
      "?": () => setIsHelpOpen(true),
      esc: () => (panelId !== null ? setPanelId(null) : select(NO_IDS)),
    },
    !isArchiving && !isHelpOpen,
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
    `/api/v1/signals/export?${signalSearchParams({ ...filters, status: filters.status ?? NEEDS_TRIAGE, sort, format })}`;
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
          {hasSelection && canTriage ? (
            <BulkBar
              selectedCount={selected.size}
              total={total}
              isAllMatching={isAllMatching}
              canSelectAllMatching={rows.length > 0 && rows.every((row) => selected.has(row.id)) && total > rows.length}
              me={me}
              people={assignable.data}
              busy={bulk.isPending}
              onSelectAllMatching={() => select(selected, true)}
              onClear={() => select(NO_IDS)}
              onChange={act}
              onArchive={() => setIsArchiving(true)}
            />
          ) : null}
          <div id={SIGNALS_PANEL_ID} role="tabpanel">
            <SignalsTable
              rows={rows}
              isStale={signals.isPlaceholderData}
              sort={sort}
              onSort={setSort}
              focusedId={focusedId}
              onOpen={(id) => {
                setFocusedId(id);
                setPanelId(id);
              }}
              selection={canTriage ? { selected, onToggle: toggle, onTogglePage: togglePage } : undefined}
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
          onClose={() => setPanelId(null)}
        />
      ) : null}
      {isArchiving ? (
        <ArchiveDialog
          what={archiveTarget}
          busy={bulk.isPending || one.isPending}
          onClose={() => setIsArchiving(false)}
          onArchive={(change) => {
            act({ status: "archived", ...change });
            setIsArchiving(false);
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
