"use client";

import { useCallback, useSyncExternalStore } from "react";
import type { ViewKind } from "@/components/investigate/use-entity";

// Entities this browser opened recently, newest first, for the Investigate page. Kept in localStorage:
// they are a convenience of this analyst's browser, not shared state.

export interface RecentEntity {
  kind: ViewKind;
  value: string;
  at: string;
}

const KEY = "trailtriage.recent-entities";
const MAX = 12;
const listeners = new Set<() => void>();
let cached: { text: string | null; list: RecentEntity[] } = { text: null, list: [] };

function read(): RecentEntity[] {
  const text = typeof window === "undefined" ? null : window.localStorage.getItem(KEY);
  if (text === cached.text) return cached.list;
  let list: RecentEntity[] = [];
  try {
    const parsed: unknown = text ? JSON.parse(text) : [];
    if (Array.isArray(parsed)) {
      list = parsed.filter(
        (item): item is RecentEntity =>
          typeof item?.value === "string" &&
          ["principal", "ip", "key"].includes(item?.kind) &&
          typeof item?.at === "string",
      );
    }
  } catch {
    list = [];
  }
  cached = { text, list };
  return list;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

const empty: RecentEntity[] = [];

export function useRecentEntities() {
  const recent = useSyncExternalStore(subscribe, read, () => empty);
  const remember = useCallback((kind: ViewKind, value: string) => {
    const next = [
      { kind, value, at: new Date().toISOString() },
      ...read().filter((e) => !(e.kind === kind && e.value === value)),
    ];
    window.localStorage.setItem(KEY, JSON.stringify(next.slice(0, MAX)));
    for (const listener of listeners) listener();
  }, []);
  const clear = useCallback(() => {
    window.localStorage.removeItem(KEY);
    for (const listener of listeners) listener();
  }, []);
  return { recent, remember, clear };
}
