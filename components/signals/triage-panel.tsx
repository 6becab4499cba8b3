"use client";

import { Archive, Eye, MessageSquare, RotateCcw, UserCheck, UserMinus } from "lucide-react";
import { useState } from "react";
import { statusLabels } from "@/components/signals/signal-badges";
import { useTriage } from "@/components/signals/use-triage";
import { Card } from "@/components/ui/card";
import { Button, Field, FormError, Select } from "@/components/ui/form";
import { errorMessage } from "@/lib/client/api";
import type { ArchiveReason } from "@/lib/generated/prisma/enums";
import { archiveReasons } from "@/lib/signals/triage";
import type { SignalAssignee, SignalDetail } from "@/lib/signals/types";

// The analyst's actions on one signal: status (archiving asks for a reason and a comment), assignment,
// and comments. Viewers see the state and no controls.

const reasonLabels: Record<ArchiveReason, string> = {
  false_positive: "False positive",
  testing_or_maintenance: "Testing or maintenance",
  remediated: "Remediated",
  investigated_case_opened: "Investigated, case opened",
  true_positive_benign: "True positive, benign",
  true_positive_malicious: "True positive, malicious",
  other: "Other",
};

const textareaClass =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-700 dark:bg-zinc-950";

export function TriagePanel({
  signal,
  me,
  canTriage,
}: {
  signal: SignalDetail;
  me: SignalAssignee;
  canTriage: boolean;
}) {
  const { update, comment, isConflict, reload } = useTriage(signal, { me });
  const [isArchiving, setIsArchiving] = useState(false);
  const [reason, setReason] = useState<ArchiveReason | "">("");
  const [archiveNote, setArchiveNote] = useState("");
  const [note, setNote] = useState("");
  const isMine = signal.assignee?.id === me.id;
  const busy = update.isPending;

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
        {isArchiving && signal.status !== "archived" ? (
          <form
            aria-label="Archive the signal"
            className="space-y-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
            onSubmit={(event) => {
              event.preventDefault();
              if (!reason) return;
              update.mutate(
                { status: "archived", archiveReason: reason, comment: archiveNote },
                { onSuccess: () => setIsArchiving(false) },
              );
            }}
          >
            <Field label="Reason">
              <Select required value={reason} onChange={(event) => setReason(event.target.value as ArchiveReason)}>
                <option value="">Choose a reason…</option>
                {archiveReasons.map((value) => (
                  <option key={value} value={value}>
                    {reasonLabels[value]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Comment" hint="Why: what you checked, who confirmed it. Markdown.">
              <textarea
                required
                rows={3}
                className={textareaClass}
                value={archiveNote}
                onChange={(event) => setArchiveNote(event.target.value)}
              />
            </Field>
            <div className="flex gap-2">
              <Button type="submit" disabled={busy || !reason || archiveNote.trim() === ""}>
                Archive
              </Button>
              <Button variant="secondary" onClick={() => setIsArchiving(false)}>
                Cancel
              </Button>
            </div>
          </form>
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
            <textarea
              rows={2}
              className={textareaClass}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
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
