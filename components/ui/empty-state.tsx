import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
}: {
  icon: LucideIcon;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <section
      aria-label={title}
      className="flex flex-col items-center rounded-xl border border-zinc-300 border-dashed bg-white px-6 py-14 text-center dark:border-zinc-700 dark:bg-zinc-900"
    >
      <span className="mb-4 inline-flex size-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300">
        <Icon className="size-6" aria-hidden />
      </span>
      <h2 className="font-semibold text-lg">{title}</h2>
      {children ? <div className="mt-2 max-w-xl text-sm text-zinc-600 dark:text-zinc-400">{children}</div> : null}
      {action ? <div className="mt-6">{action}</div> : null}
    </section>
  );
}
