import { Construction } from "lucide-react";
import type { ReactNode } from "react";

/** A plain statement that a screen is not built yet, so no page pretends to work. */
export function NotBuiltYet({ children }: { children: ReactNode }) {
  return (
    <div
      role="note"
      className="mb-6 flex items-start gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
    >
      <Construction className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div>
        <span className="font-medium">Not built yet. </span>
        {children}
      </div>
    </div>
  );
}
