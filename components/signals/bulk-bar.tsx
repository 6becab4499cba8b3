"use client";

import { Archive, BellOff, Eye, MessageSquare, RotateCcw, UserCheck, X } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { AssignTo } from "@/components/signals/assign-to";
import { Button, Field, Textarea } from "@/components/ui/form";
import { IconButton } from "@/components/ui/icon-button";
import { count } from "@/lib/format";
import { BULK_MAX } from "@/lib/signals/triage";
import type { SignalAssignee } from "@/lib/signals/types";

/**
 * What can be done to the selected signals, or to every signal matching the filter: status, assignee,
 * comment. Archiving opens the archive dialog (a reason and a comment), as the `e` key does.
 */
export function BulkBar({
  selectedCount,
  total,
  isAllMatching,
  canSelectAllMatching,
  me,
  people,
  busy,
  onSelectAllMatching,
  onClear,
  onChange,
  onArchive,
  suppressHref,
}: {
  selectedCount: number;
  total: number;
  isAllMatching: boolean;
  canSelectAllMatching: boolean;
  me: SignalAssignee;
  people: SignalAssignee[] | undefined;
  busy: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
  onChange: (change: { status?: "open" | "under_review"; assigneeId?: string | null; comment?: string }) => void;
  onArchive: () => void;
  /** The suppression editor, prefilled with the selected signals' principals; absent for "all matching". */
  suppressHref?: string;
}) {
  const [isCommenting, setIsCommenting] = useState(false);
  const [note, setNote] = useState("");
  const chosen = isAllMatching ? total : selectedCount;
  const tooMany = isAllMatching && total > BULK_MAX;

  return (
    <section
      aria-label="Selection"
      className="sticky top-0 z-20 mb-3 rounded-xl border border-indigo-200 bg-indigo-50/95 px-4 py-2.5 shadow-sm backdrop-blur dark:border-indigo-500/30 dark:bg-indigo-950/90"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <p className="font-medium text-sm" aria-live="polite">
          {isAllMatching ? `All ${count(total)} matching signals` : `${count(selectedCount)} selected`}
        </p>
        {canSelectAllMatching && !isAllMatching ? (
          <button
            type="button"
            onClick={onSelectAllMatching}
            className="text-indigo-700 text-sm underline-offset-2 hover:underline dark:text-indigo-300"
          >
            Select all {count(total)} matching
          </button>
        ) : null}
        <div className="ml-auto flex flex-wrap items-center gap-1.5">
          {suppressHref ? (
            <Link
              href={suppressHref}
              className="inline-flex items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2.5 py-1 font-medium text-xs shadow-sm hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
            >
              <BellOff className="size-3.5" aria-hidden />
              Suppress…
            </Link>
          ) : null}
          <Button
            variant="secondary"
            size="sm"
            disabled={busy || tooMany}
            onClick={() => onChange({ status: "under_review" })}
          >
            <Eye className="size-3.5" aria-hidden />
            Under review
          </Button>
          <Button variant="secondary" size="sm" disabled={busy || tooMany} onClick={onArchive}>
            <Archive className="size-3.5" aria-hidden />
            Archive…
          </Button>
          <Button variant="secondary" size="sm" disabled={busy || tooMany} onClick={() => onChange({ status: "open" })}>
            <RotateCcw className="size-3.5" aria-hidden />
            Reopen
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={busy || tooMany}
            onClick={() => onChange({ assigneeId: me.id })}
          >
            <UserCheck className="size-3.5" aria-hidden />
            Assign to me
          </Button>
          <AssignTo
            isCompact
            current={null}
            people={people}
            disabled={busy || tooMany}
            onAssign={(assigneeId) => onChange({ assigneeId })}
          />
          <Button
            variant="secondary"
            size="sm"
            disabled={busy || tooMany}
            onClick={() => setIsCommenting((open) => !open)}
            aria-expanded={isCommenting}
          >
            <MessageSquare className="size-3.5" aria-hidden />
            Comment…
          </Button>
          <IconButton label="Clear the selection" title="Clear the selection (Esc)" onClick={onClear}>
            <X className="size-3.5" aria-hidden />
          </IconButton>
        </div>
      </div>
      {tooMany ? (
        <p className="mt-2 text-sm text-amber-800 dark:text-amber-300">
          A change can reach at most {count(BULK_MAX)} signals at once; narrow the filter.
        </p>
      ) : null}
      {isCommenting ? (
        <form
          aria-label="Comment on the selection"
          className="mt-3 space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (!note.trim()) return;
            onChange({ comment: note });
            setNote("");
            setIsCommenting(false);
          }}
        >
          <Field label={`Comment on ${count(chosen)} ${chosen === 1 ? "signal" : "signals"}`} hint="Markdown; no HTML.">
            <Textarea rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
          </Field>
          <Button type="submit" size="sm" disabled={busy || note.trim() === ""}>
            Add comment
          </Button>
        </form>
      ) : null}
    </section>
  );
}
