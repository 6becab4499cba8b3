"use client";

import { X } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { Modal } from "@/components/ui/modal";

export interface ShortcutHelp {
  keys: string[];
  does: string;
}

/** Keys as they are drawn on the keyboard. */
export function Kbd({ children }: { children: string }) {
  return (
    <kbd className="inline-flex min-w-6 items-center justify-center rounded border border-zinc-300 border-b-2 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-200">
      {children}
    </kbd>
  );
}

/** The "?" dialog: every shortcut of the page. A native modal dialog, so Esc and focus work as usual. */
export function KeyboardHelp({
  open,
  onClose,
  shortcuts,
}: {
  open: boolean;
  onClose: () => void;
  shortcuts: ShortcutHelp[];
}) {
  return (
    <Modal open={open} labelledBy="keyboard-help-title" closeOnBackdrop onClose={onClose} className="p-0">
      <div className="flex items-center justify-between border-zinc-200 border-b px-5 py-3 dark:border-zinc-800">
        <h2 id="keyboard-help-title" className="font-semibold text-base">
          Keyboard shortcuts
        </h2>
        <IconButton label="Close" onClick={onClose}>
          <X className="size-4" aria-hidden />
        </IconButton>
      </div>
      <dl className="divide-y divide-zinc-100 px-5 py-2 dark:divide-zinc-800">
        {shortcuts.map((shortcut) => (
          <div key={shortcut.does} className="flex items-center justify-between gap-4 py-2 text-sm">
            <dt className="flex shrink-0 gap-1">
              {shortcut.keys.map((key) => (
                <Kbd key={key}>{key}</Kbd>
              ))}
            </dt>
            <dd className="text-right text-zinc-600 dark:text-zinc-300">{shortcut.does}</dd>
          </div>
        ))}
      </dl>
      <p className="border-zinc-200 border-t px-5 py-3 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        Shortcuts are off while you type in a field. Esc closes this.
      </p>
    </Modal>
  );
}
