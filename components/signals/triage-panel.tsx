"use client";

import { Archive, Eye, MessageSquare, RotateCcw, UserCheck, UserMinus } from "lucide-react";
import { useState } from "react";
import { useShortcuts } from "@/components/keyboard/use-shortcuts";
import { ArchiveForm, reasonLabels } from "@/components/signals/archive-form";
import { AssignTo } from "@/components/signals/assign-to";
import { statusLabels } from "@/components/signals/signal-badges";
import { useAssignableUsers } from "@/components/signals/use-signals";
import { useTriage } from "@/components/signals/use-triage";
import { Card } from "@/components/ui/card";
import { Button, Field, FormError, Textarea } from "@/components/ui/form";
import { errorMessage } from "@/lib/client/api";
import type { SignalAssignee, SignalDetail } from "@/lib/signals/types";

// The analyst's actions on one signal: status (archiving asks for a reason and a comment), assignment,
// and comments. Viewers see the state and no controls.

export function TriagePanel({
  signal,
  me,
  canTriage,
  hasShortcuts = false,
}: {
  signal: SignalDetail;
  me: SignalAssignee;
  canTriage: boolean;
  /** a, r and e act on this signal (the signal page; the list has its own keys). */
  hasShortcuts?: boolean;
}) {
  const assignable = useAssignableUsers();
  const people = [me, ...(assignable.data ?? [])];
  const { update, comment, isConflict, reload } = useTriage(signal, people);
  const [isArchiving, setIsArchiving] = useState(false);
  const [note, setNote] = useState("");
  const isMine = signal.assignee?.id === me.id;
  const busy = update.isPending;
  const isArchived = signal.status === "archived";

  useShortcuts(
    {
      a: () => {
        if (!isMine) update.mutate({ assigneeId: me.id });
      },
      r: () => {
        if (signal.status !== "under_review") update.mutate({ status: "under_review" });
      },
      e: () => {
        if (!isArchived) setIsArchiving(true);
      },
    },
    hasShortcuts && canTriage,
  );

  const status = (
    <p className="text-sm">
      <span className="text-zinc-500 dark:text-zinc-400">Status </span>
      <span className="font-medium">{statusLabels[signal.status]}</span>
      {signal.archiveReason ? <span> · {reasonLabels[signal.archiveReason]}</span> : null}
      <span className="text-zinc-500 dark:text-zinc-400"> · assigned to </span>
      <span className="font-medium">{signal.assignee?.name ?? "nobody"}</span>
    </p>
  );
  if (!canTriage) return <Card title="Triage">{status}</Card>;

  return (
    <Card title="Triage">
      <div className="space-y-3">
        {status}
        {isConflict ? (
          <div
            role="alert"
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm dark:border-amber-500/40 dark:bg-amber-500/10"
          >
            Someone else changed this signal after you opened it; your change was not saved.{" "}
            <button type="button" className="font-medium underline" onClick={reload}>
              Reload it
            </button>
          </div>
        ) : (
          <FormError message={update.error ? errorMessage(update.error) : null} />
        )}
        <div className="flex flex-wrap gap-2">
          {signal.status === "archived" ? (
            <Button variant="secondary" disabled={busy} onClick={() => update.mutate({ status: "open" })}>
              <RotateCcw className="size-4" aria-hidden />
              Reopen
            </Button>
          ) : (
            <>
              {signal.status !== "under_review" ? (
                <Button variant="secondary" disabled={busy} onClick={() => update.mutate({ status: "under_review" })}>
                  <Eye className="size-4" aria-hidden />
                  Under review
                </Button>
              ) : null}
              <Button variant="secondary" disabled={busy} onClick={() => setIsArchiving(true)}>
                <Archive className="size-4" aria-hidden />
                Archive…
              </Button>
            </>
          )}
          {isMine ? (
            <Button variant="secondary" disabled={busy} onClick={() => update.mutate({ assigneeId: null })}>
              <UserMinus className="size-4" aria-hidden />
              Unassign
            </Button>
          ) : (
            <Button variant="secondary" disabled={busy} onClick={() => update.mutate({ assigneeId: me.id })}>
              <UserCheck className="size-4" aria-hidden />
              Assign to me
            </Button>
          )}
        </div>
        <AssignTo
          current={signal.assignee}
          people={assignable.data}
          disabled={busy}
          onAssign={(assigneeId) => update.mutate({ assigneeId })}
        />
        {isArchiving && signal.status !== "archived" ? (
          <ArchiveForm
            busy={busy}
            autoFocus
            onArchive={(change) =>
              update.mutate({ status: "archived", ...change }, { onSuccess: () => setIsArchiving(false) })
            }
            onCancel={() => setIsArchiving(false)}
          />
        ) : null}
        <form
          aria-label="Comment"
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            comment.mutate(note, { onSuccess: () => setNote("") });
          }}
        >
          <Field label="Add a comment" hint="Markdown; no HTML.">
            <Textarea rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
          </Field>
          <FormError message={comment.error ? errorMessage(comment.error) : null} />
          <Button type="submit" variant="secondary" disabled={comment.isPending || note.trim() === ""}>
            <MessageSquare className="size-4" aria-hidden />
            Comment
          </Button>
        </form>
      </div>
    </Card>
  );
}
