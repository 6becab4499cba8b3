import { Button } from "@/components/ui/form";
import { count } from "@/lib/format";

// The line under a paged list: which rows are shown, of how many, and Previous / Next.

export const pageCount = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));

export function Pager({
  page,
  pageSize,
  total,
  shown,
  noun,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  /** Rows on this page. */
  shown: number;
  /** What the rows are, as the count reads: "events", "signal"… */
  noun: string;
  onPage: (page: number) => void;
}) {
  const pages = pageCount(total, pageSize);
  const first = (page - 1) * pageSize + 1;
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm text-zinc-600 dark:text-zinc-400">
      <span>
        {count(Math.min(first, total))}–{count(Math.min(first + shown - 1, total))} of {count(total)} {noun} · page{" "}
        {count(page)} of {count(pages)}
      </span>
      <div className="flex gap-2">
        <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <Button variant="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
