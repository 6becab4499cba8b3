"use client";

import { useEffect, useLayoutEffect, useRef } from "react";

/**
 * A key and what it does: KeyboardEvent.key ("j", "/", "?"), "shift+o" for a capital letter, "esc".
 */
export type Shortcuts = Partial<Record<string, (event: KeyboardEvent) => void>>;

function nameOf(event: KeyboardEvent): string {
  if (event.key === "Escape") return "esc";
  return /^[A-Z]$/.test(event.key) ? `shift+${event.key.toLowerCase()}` : event.key;
}

/** Typing in a field, or a key held with Ctrl, Alt or Meta, is never a shortcut. */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return (
    target.isContentEditable ||
    target.closest("input, textarea, select, [contenteditable='true']") !== null ||
    target.closest("dialog[open]") !== null
  );
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
