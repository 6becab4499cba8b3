"use client";

import { useEffect, useRef, useState } from "react";
import type { SignalListItem } from "@/lib/signals/types";

/**
 * The keyboard's row and the side panel's signal on the Signals list.
 *
 * - j and k move the row (and the panel with it, when open); past the page's last row they go on to the
 *   next page's first, and back.
 * - When the row leaves the list (archived from "Needs triage"), the row now in its place takes over, so
 *   triage goes on down the list. The panel stays on its signal, so its result can still be seen and
 *   undone.
 * - A row the analyst moves to takes the browser's focus, so screen readers read it; one that takes over
 *   after a refetch does not steal focus from where the analyst is typing.
 */
export function useListCursor(options: {
  rows: SignalListItem[];
  /** The rows shown are the last page's, while the next loads. */
  isPlaceholder: boolean;
  page: number;
  pages: number;
  setPage: (page: number) => void;
}) {
  const { rows, isPlaceholder, page, pages, setPage } = options;
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [panelId, setPanelId] = useState<string | null>(null);
  const focusedIndex = rows.findIndex((row) => row.id === focusedId);
  const lastIndex = useRef(0);
  const pendingEdge = useRef<"first" | "last" | null>(null);
  const wantsFocus = useRef(false);

  useEffect(() => {
    if (focusedIndex >= 0) lastIndex.current = focusedIndex;
  });
  useEffect(() => {
    if (isPlaceholder) return;
    if (pendingEdge.current) {
      const id = (pendingEdge.current === "first" ? rows[0] : rows.at(-1))?.id ?? null;
      pendingEdge.current = null;
      wantsFocus.current = true;
      setFocusedId(id);
      setPanelId((open) => (open !== null && id !== null ? id : open));
      return;
    }
    if (focusedId === null || rows.some((row) => row.id === focusedId)) return;
    setFocusedId(rows[Math.min(lastIndex.current, rows.length - 1)]?.id ?? null);
  }, [rows, focusedId, isPlaceholder]);
  useEffect(() => {
    if (!focusedId) return;
    const row = document.querySelector<HTMLElement>(`[data-signal-id="${focusedId}"]`);
    if (!row) return;
    if (wantsFocus.current) row.focus();
    else row.scrollIntoView({ block: "nearest" });
    wantsFocus.current = false;
  }, [focusedId]);

  /** Moves the row (and the panel, when open) to `id`, with the browser's focus. */
  const focus = (id: string | null) => {
    wantsFocus.current = true;
    setFocusedId(id);
    if (panelId !== null && id !== null) setPanelId(id);
  };

  return {
    focusedId,
    focusedRow: focusedIndex >= 0 ? rows[focusedIndex] : undefined,
    panelId,
    /** A page is loading after j or k crossed its edge: keys wait for it. */
    isMoving: pendingEdge.current !== null,
    focus,
    move: (step: 1 | -1) => {
      if (rows.length === 0) return;
      const from = focusedIndex >= 0 ? focusedIndex : step === 1 ? -1 : rows.length;
      const to = from + step;
      if (to >= rows.length && page < pages) {
        pendingEdge.current = "first";
        setPage(page + 1);
      } else if (to < 0 && page > 1) {
        pendingEdge.current = "last";
        setPage(page - 1);
      } else {
        focus(rows[Math.min(Math.max(to, 0), rows.length - 1)]?.id ?? null);
      }
    },
    openPanel: (id: string) => {
      setFocusedId(id);
      setPanelId(id);
    },
    /** Closes the panel; the browser's focus goes back to the row. */
    closePanel: () => {
      setPanelId(null);
      if (focusedId) document.querySelector<HTMLElement>(`[data-signal-id="${focusedId}"]`)?.focus();
    },
  };
}
