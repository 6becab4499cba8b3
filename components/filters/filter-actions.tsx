import { FilterX, type LucideIcon, Search, Upload, X } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/form";

// The row under a filter bar: Apply, Clear filters, chips for filters set from elsewhere (the upload a
// list was reached from, the rule), and a hint on how the filters match. Shared by the Events and Signals
// filter bars.

/** A filter that has no field in the bar (it was set by a link): shown, and removable. */
export function FilterChip({
  icon: Icon,
  title,
  removeLabel,
  onRemove,
  children,
}: {
  icon: LucideIcon;
  title: string;
  removeLabel: string;
  onRemove: () => void;
  children: ReactNode;
}) {
  return (
    <span className="inline-flex min-w-0 max-w-md items-center gap-1.5 rounded-full border border-indigo-200 bg-indigo-50 py-1 pr-1 pl-3 text-indigo-800 text-sm dark:border-indigo-500/30 dark:bg-indigo-500/10 dark:text-indigo-200">
      <Icon className="size-3.5 shrink-0" aria-hidden />
      <span className="truncate" title={title}>
        {children}
      </span>
      <button
        type="button"
        onClick={onRemove}
        aria-label={removeLabel}
        className="rounded-full p-0.5 hover:bg-indigo-100 dark:hover:bg-indigo-500/20"
      >
        <X className="size-3.5" aria-hidden />
      </button>
    </span>
  );
}

export function FilterActions({
  hasFilters,
  onClear,
  upload,
  uploadName,
  onClearUpload,
  hint,
  children,
}: {
  hasFilters: boolean;
  onClear: () => void;
  /** The upload a list was reached from (Events and Signals pages), shown as a removable chip. */
  upload?: string;
  uploadName?: string | null;
  onClearUpload?: () => void;
  hint: ReactNode;
  /** More chips (FilterChip). */
  children?: ReactNode;
}) {
  return (
    <div className="mt-3 flex flex-wrap items-center gap-2">
      <Button type="submit" className="py-1.5">
        <Search className="size-4" aria-hidden />
        Apply
      </Button>
      {hasFilters ? (
        <Button variant="secondary" className="py-1.5" onClick={onClear}>
          <FilterX className="size-4" aria-hidden />
          Clear filters
        </Button>
      ) : null}
      {upload && onClearUpload ? (
        <FilterChip
          icon={Upload}
          title={`Upload ${upload}`}
          removeLabel="Remove the upload filter"
          onRemove={onClearUpload}
        >
          From upload <span className="font-medium">{uploadName ?? `${upload.slice(0, 8)}…`}</span>
        </FilterChip>
      ) : null}
      {children}
      <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>
    </div>
  );
}
