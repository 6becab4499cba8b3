import { clsx } from "clsx";
import Link, { type LinkProps } from "next/link";
import type { ReactNode } from "react";

export function ButtonLink<T extends string>({
  href,
  children,
  variant = "primary",
}: {
  href: LinkProps<T>["href"];
  children: ReactNode;
  variant?: "primary" | "secondary";
}) {
  return (
    <Link
      href={href}
      className={clsx(
        "inline-flex items-center gap-2 rounded-md px-4 py-2 font-medium text-sm shadow-sm transition-colors",
        variant === "primary"
          ? "bg-indigo-600 text-white hover:bg-indigo-500"
          : "border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
      )}
    >
      {children}
    </Link>
  );
}
