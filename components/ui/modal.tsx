"use client";

import { clsx } from "clsx";
import { type ReactNode, useEffect, useRef } from "react";

/**
 * A native modal dialog: focus is trapped, Esc closes it, and the page's own keys stay off while it is
 * open (components/keyboard/use-shortcuts.ts). Open while `open` is true (or while mounted).
 */
export function Modal({
  open = true,
  labelledBy,
  closeOnBackdrop = false,
  className,
  onClose,
  children,
}: {
  open?: boolean;
  labelledBy: string;
  /** A click beside the dialog closes it: for one with nothing typed into it to lose. */
  closeOnBackdrop?: boolean;
  className?: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes it; Esc does the same from the keyboard
    <dialog
      ref={dialog}
      aria-labelledby={labelledBy}
      onClose={onClose}
      onClick={(event) => {
        if (closeOnBackdrop && event.target === dialog.current) onClose();
      }}
      className={clsx(
        "m-auto w-full max-w-md rounded-xl border border-zinc-200 bg-white text-zinc-900 shadow-2xl backdrop:bg-zinc-950/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100",
        className,
      )}
    >
      {children}
    </dialog>
  );
}
