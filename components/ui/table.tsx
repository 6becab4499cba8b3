import { clsx } from "clsx";
import type { ComponentProps } from "react";

export function Table({ className, ...props }: ComponentProps<"table">) {
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table {...props} className={clsx("w-full text-left text-sm", className)} />
    </div>
  );
}

/** `isDense`: tighter cell padding, for wide tables of many columns (events). */
type CellProps<T extends "th" | "td"> = ComponentProps<T> & { isDense?: boolean };

export function Th({ className, isDense, ...props }: CellProps<"th">) {
  return (
    <th
      scope="col"
      {...props}
      className={clsx(
        "border-zinc-200 border-b bg-zinc-50 py-2.5 font-medium text-xs text-zinc-500 uppercase tracking-wide dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-400",
        isDense ? "px-2.5" : "px-4",
        className,
      )}
    />
  );
}

export function Td({ className, isDense, ...props }: CellProps<"td">) {
  return (
    <td
      {...props}
      className={clsx(
        "border-zinc-100 border-b align-middle dark:border-zinc-800",
        isDense ? "px-2.5 py-2" : "px-4 py-2.5",
        className,
      )}
    />
  );
}
