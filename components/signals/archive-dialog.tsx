"use client";

import { ArchiveForm } from "@/components/signals/archive-form";
import { Modal } from "@/components/ui/modal";
import type { ArchiveReason } from "@/lib/generated/prisma/enums";

/** The archive form as a modal, for the `e` key and the selection bar. Esc or Cancel close it. */
export function ArchiveDialog({
  what,
  title,
  busy,
  onArchive,
  onClose,
}: {
  /** "this signal", "3 signals", "all 120 matching signals". */
  what: string;
  /** The signal's title, when it is one: the dialog names what it archives. */
  title?: string;
  busy: boolean;
  onArchive: (change: { archiveReason: ArchiveReason; comment: string }) => void;
  onClose: () => void;
}) {
  return (
    <Modal labelledBy="archive-dialog-title" onClose={onClose} className="p-5">
      <div className="mb-3">
        <h2 id="archive-dialog-title" className="font-semibold text-base">
          Archive {what}
        </h2>
        {title ? (
          <p className="mt-1 text-sm text-zinc-600 [overflow-wrap:anywhere] dark:text-zinc-400">{title}</p>
        ) : null}
      </div>
      <ArchiveForm label={`Archive ${what}`} busy={busy} autoFocus onArchive={onArchive} onCancel={onClose} />
    </Modal>
  );
}
