import { clsx } from "clsx";
import type { ReactNode } from "react";

/**
 * A value from an event (a principal, an IP, an access key) that narrows the list to it when clicked.
 * Long values truncate to the available width; the full value is in the tooltip.
 */
export function FilterValue({
  value,
  what,
  onFilter,
  children,
  className,
}: {
  value: string | null;
  what: string;
  onFilter: (value: string) => void;
  children?: ReactNode;
  className?: string;
}) {
  if (!value) return <span className="text-zinc-400 dark:text-zinc-600">—</span>;
  return (
    <button
      type="button"
      title={`${value}\nShow only events with this ${what}`}
      aria-label={`Filter by ${what} ${value}`}
      onClick={(event) => {
        // Inside a table row, the row itself opens the event: this click only filters.
        event.stopPropagation();
        onFilter(value);
      }}
      className={clsx(
        "block max-w-full truncate rounded-sm text-left decoration-indigo-400 underline-offset-2 hover:text-indigo-700 hover:underline dark:hover:text-indigo-300",
        className,
      )}
    >
      {children ?? value}
    </button>
  );
}
