"use client";

import { CalendarRange } from "lucide-react";
import { Button } from "@/components/ui/form";

const minute = (iso: string) => iso.slice(0, 16).replace("T", " ");
const DAY = 86_400_000;

/**
 * The range every panel covers. Presets count back from the entity's last activity (logs are often old
 * exports, so "the last day" means its last day, not today's).
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
  const last = lastSeen ? Date.parse(lastSeen) : null;
  const presets: [string, number][] = [
    ["Last day", DAY],
    ["Last 7 days", 7 * DAY],
    ["Last 30 days", 30 * DAY],
  ];
  return (
    <div className="mb-5 flex flex-wrap items-center gap-2 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <CalendarRange className="size-4 text-zinc-500" aria-hidden />
      <span className="font-medium" aria-live="polite">
        {from || to ? `${from ? minute(from) : "…"} → ${to ? minute(to) : "…"} UTC` : "Whole history"}
      </span>
      <span className="ml-auto flex flex-wrap gap-1.5">
        <Button
          size="sm"
          variant={!from && !to ? "primary" : "secondary"}
          onClick={onClear}
          aria-pressed={!from && !to}
        >
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
    </div>
  );
}
