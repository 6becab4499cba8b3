import { Download } from "lucide-react";
import type { ReactNode } from "react";

/** A plain link that downloads a file (an export): no client routing, the browser saves the response. */
export function DownloadLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a
      href={href}
      download
      className="inline-flex items-center gap-2 rounded-md border border-zinc-300 bg-white px-3 py-2 font-medium text-sm shadow-sm hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
    >
      <Download className="size-4" aria-hidden />
      {children}
    </a>
  );
}
