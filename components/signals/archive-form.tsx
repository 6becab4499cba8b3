"use client";

import { useState } from "react";
import { Button, Field, Select, Textarea } from "@/components/ui/form";
import type { ArchiveReason } from "@/lib/generated/prisma/enums";
import { archiveReasons } from "@/lib/signals/triage";

export const reasonLabels: Record<ArchiveReason, string> = {
  false_positive: "False positive",
  testing_or_maintenance: "Testing or maintenance",
  remediated: "Remediated",
  investigated_case_opened: "Investigated, case opened",
  true_positive_benign: "True positive, benign",
  true_positive_malicious: "True positive, malicious",
  other: "Other",
};

/**
 * Archiving asks why: a reason (DOMAIN.md §2) and a comment. Used for one signal (the Triage panel, the
 * `e` key) and for a selection.
 */
export function ArchiveForm({
  label = "Archive the signal",
  submitLabel = "Archive",
  busy,
  autoFocus,
  onArchive,
  onCancel,
}: {
  label?: string;
  submitLabel?: string;
  busy: boolean;
  autoFocus?: boolean;
  onArchive: (change: { archiveReason: ArchiveReason; comment: string }) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState<ArchiveReason | "">("");
  const [comment, setComment] = useState("");
  return (
    <form
      aria-label={label}
      className="space-y-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason && comment.trim()) onArchive({ archiveReason: reason, comment });
      }}
    >
      <Field label="Reason">
        <Select
          required
          autoFocus={autoFocus}
          value={reason}
          onChange={(event) => setReason(event.target.value as ArchiveReason)}
        >
          <option value="">Choose a reason…</option>
          {archiveReasons.map((value) => (
            <option key={value} value={value}>
              {reasonLabels[value]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Comment" hint="Why: what you checked, who confirmed it. Markdown.">
        <Textarea required rows={3} value={comment} onChange={(event) => setComment(event.target.value)} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={busy || !reason || comment.trim() === ""}>
          {submitLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
