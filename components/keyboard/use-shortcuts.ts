"use client";

import { useEffect, useLayoutEffect, useRef } from "react";

/**
 * A key and what it does: KeyboardEvent.key ("j", "/", "?"), "shift+o" for a capital letter, "esc".
 */
export type Shortcuts = Partial<Record<string, (event: KeyboardEvent) => void>>;

function nameOf(event: KeyboardEvent): string {
  if (event.key === "Escape") return "esc";
  // Letters by the key, not its case: Caps Lock is not Shift.
  if (/^[a-z]$/i.test(event.key)) return event.shiftKey ? `shift+${event.key.toLowerCase()}` : event.key.toLowerCase();
  return event.key;
}

/** Inputs that take typed text; a checkbox or a button with focus does not stop a shortcut. */
const TEXT_INPUTS =
  "textarea, select, [contenteditable='true'], input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]):not([type=reset]):not([type=range]):not([type=color]):not([type=file])";

/** Typing in a field, or anything in a modal dialog, is never a shortcut (nor a key held with Ctrl, Alt or Meta). */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return target.isContentEditable || target.closest(TEXT_INPUTS) !== null || target.closest("dialog[open]") !== null;
}

/**
 * Single-key shortcuts on the whole page, as in Gmail or Linear. The handlers may change on every
 * render; the listener is installed once. `enabled: false` turns them off (a modal is open).
 */
export function useShortcuts(shortcuts: Shortcuts, enabled = true) {
  const current = useRef(shortcuts);
  useLayoutEffect(() => {
    current.current = shortcuts;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isTyping(event)) return;
      const handler = current.current[nameOf(event)];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}
