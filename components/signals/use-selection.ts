"use client";

import { useMemo, useState } from "react";
import type { SignalListItem } from "@/lib/signals/types";

const NO_IDS: ReadonlySet<string> = new Set();

/**
 * The rows ticked for a bulk change, or everything the filter matches. A selection belongs to one list:
 * another filter, order or page starts a new one. Only rows still listed count, so a signal that left
 * the list (archived from its panel, or by someone else) is not changed by the next bulk action.
 */
export function useSelection(listKey: string, rows: SignalListItem[]) {
  const [state, setState] = useState({ listKey, ids: NO_IDS, isAllMatching: false });
  const isCurrent = state.listKey === listKey;
  const ticked = isCurrent ? state.ids : NO_IDS;
  const selected = useMemo(
    () => (ticked.size === 0 ? NO_IDS : new Set(rows.filter((row) => ticked.has(row.id)).map((row) => row.id))),
    [rows, ticked],
  );
  const isAllMatching = isCurrent && state.isAllMatching;
  const set = (ids: ReadonlySet<string>, all = false) => setState({ listKey, ids, isAllMatching: all });
  const isPageSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));

  return {
    selected,
    isAllMatching,
    hasSelection: selected.size > 0 || isAllMatching,
    isPageSelected,
    toggle: (id: string) => {
      const next = new Set(selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      set(next);
    },
    togglePage: () => set(isPageSelected ? NO_IDS : new Set(rows.map((row) => row.id))),
    selectAllMatching: () => set(selected, true),
    clear: () => set(NO_IDS),
  };
}
