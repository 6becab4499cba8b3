import { BellOff } from "lucide-react";
import Link from "next/link";

/** "Suppress…": the editor, prefilled from the signal (its principal; its IPs and keys as ticks). */
export function SuppressLink({ signalId, className }: { signalId: string; className?: string }) {
  return (
    <Link
      href={`/suppressions/new?signal=${signalId}`}
      className={
        className ??
        "flex items-center justify-center gap-2 rounded-md border border-zinc-300 bg-white px-3 py-2 font-medium text-sm text-zinc-800 shadow-sm hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
      }
      title="Leave out this signal's matches (and others like them) for a time, after seeing what it would hide"
    >
      <BellOff className="size-4" aria-hidden />
      Suppress…
    </Link>
  );
}
