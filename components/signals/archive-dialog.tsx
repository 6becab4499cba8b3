"use client";

import { useEffect, useRef } from "react";
import { ArchiveForm } from "@/components/signals/archive-form";
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
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="archive-dialog-title"
      onClose={onClose}
      className="m-auto w-full max-w-md rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id="archive-dialog-title" className="font-semibold text-base">
        Archive {what}
      </h2>
      {title ? <p className="mt-1 text-sm text-zinc-600 [overflow-wrap:anywhere] dark:text-zinc-400">{title}</p> : null}
      <div className="mb-3" />
      <ArchiveForm label={`Archive ${what}`} busy={busy} autoFocus onArchive={onArchive} onCancel={onClose} />
    </dialog>
  );
}
