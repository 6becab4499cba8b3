"use client";

import { CalendarRange } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { fromInput, toInput } from "@/components/filters/use-filter-draft";
import { Button, Input } from "@/components/ui/form";

const DAY = 86_400_000;

/**
 * The range every panel covers: presets counting back from the entity's last activity (logs are often
 * old exports, so "the last day" means its last day, not today's), or any from–to typed in (UTC), which is
 * what dragging across the chart sets too.
 */
export function RangeBar({
  from,
  to,
  lastSeen,
  onRange,
  onClear,
}: {
  from: string | null;
  to: string | null;
  lastSeen: string | null;
  onRange: (from: Date, to: Date) => void;
  onClear: () => void;
}) {
  const id = useId();
  const last = lastSeen ? Date.parse(lastSeen) : null;
  const [draft, setDraft] = useState({
    from: toInput(from ? new Date(from) : undefined),
    to: toInput(to ? new Date(to) : undefined),
  });
  const presets: [string, number][] = [
    ["Last day", DAY],
    ["Last 7 days", 7 * DAY],
    ["Last 30 days", 30 * DAY],
  ];
  const isWhole = !from && !to;
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const start = fromInput(draft.from, "start");
    const end = fromInput(draft.to, "end");
    if (start && end && start <= end) onRange(start, end);
  };
  return (
    <form
      onSubmit={apply}
      aria-label="Time range"
      className="flex flex-wrap items-center gap-2 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <CalendarRange className="size-4 text-zinc-500" aria-hidden />
      <label htmlFor={`${id}-from`} className="text-xs text-zinc-500">
        From (UTC)
      </label>
      <span className="w-52">
        <Input
          id={`${id}-from`}
          type="datetime-local"
          value={draft.from}
          onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          className="py-1 text-xs"
        />
      </span>
      <label htmlFor={`${id}-to`} className="text-xs text-zinc-500">
        to
      </label>
      <span className="w-52">
        <Input
          id={`${id}-to`}
          type="datetime-local"
          value={draft.to}
          onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          className="py-1 text-xs"
        />
      </span>
      <Button type="submit" size="sm" variant="secondary" disabled={!draft.from || !draft.to}>
        Apply
      </Button>
      <span className="ml-auto flex flex-wrap gap-1.5">
        <Button size="sm" variant={isWhole ? "primary" : "secondary"} onClick={onClear} aria-pressed={isWhole}>
          Whole history
        </Button>
        {presets.map(([label, span]) => (
          <Button
            key={label}
            size="sm"
            variant="secondary"
            disabled={last === null}
            onClick={() => last !== null && onRange(new Date(last - span + 1), new Date(last))}
            title={last === null ? undefined : `The ${label.toLowerCase()} up to its last activity`}
          >
            {label}
          </Button>
        ))}
      </span>
    </form>
  );
}
