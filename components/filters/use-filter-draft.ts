"use client";

import { type FormEvent, useState } from "react";

// What a filter bar has typed but not applied yet: text fields and a from/to range, applied together
// (Enter, Apply, a time field losing focus). Shared by the Events and Signals filter bars. Filters applied
// elsewhere replace the draft: the parent remounts the bar when the applied filters change.

type FilterValue = string | Date | string[] | undefined;
type RangeFilters = { from?: Date; to?: Date };

/** A `datetime-local` value read as UTC; `to` covers its whole minute, so the bound is inclusive. */
export function fromInput(value: string, edge: "start" | "end"): Date | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}${edge === "start" ? ":00Z" : ":59.999Z"}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export const toInput = (date: Date | undefined) => (date ? date.toISOString().slice(0, 16) : "");

const asText = (value: FilterValue) =>
  value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(",") : (value ?? "");

export function useFilterDraft<F extends RangeFilters & Partial<Record<K, FilterValue>>, K extends string>(options: {
  filters: F;
  textKeys: readonly K[];
  onChange: (changes: Partial<F>) => void;
}) {
  const { filters, textKeys, onChange } = options;
  const [draft, setDraft] = useState<Record<K | "from" | "to", string>>(() => {
    const initial = { from: toInput(filters.from), to: toInput(filters.to) } as Record<K | "from" | "to", string>;
    for (const key of textKeys) initial[key] = (filters[key] as string | undefined) ?? "";
    return initial;
  });

  /** Applies the draft with `extra` changes, unless nothing would change. */
  function applyDraft(extra: Partial<F> = {}) {
    const changes = { from: fromInput(draft.from, "start"), to: fromInput(draft.to, "end"), ...extra } as Partial<F>;
    const typed = changes as Record<string, FilterValue>;
    for (const key of textKeys) typed[key] = draft[key].trim() || undefined;
    const applied = filters as Record<string, FilterValue>;
    const isSame = Object.keys(typed).every((key) => asText(typed[key]) === asText(applied[key]));
    if (!isSame) onChange(changes);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    applyDraft();
  }

  const edit = (key: K | "from" | "to", value: string) => setDraft((current) => ({ ...current, [key]: value }));

  return { draft, edit, applyDraft, submit };
}
