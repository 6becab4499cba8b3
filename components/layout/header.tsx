"use client";

import { usePathname } from "next/navigation";
import { StatusIndicator } from "@/components/health/status-indicator";
import { navItems } from "@/components/layout/nav-items";
import { ThemeToggle } from "@/components/layout/theme-toggle";

export function Header() {
  const pathname = usePathname();
  const section = navItems.find((item) => pathname === item.href || pathname.startsWith(`${item.href}/`));
  return (
    <header className="sticky top-0 z-10 flex h-14 items-center justify-between gap-4 border-zinc-200 border-b bg-white/90 px-6 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <p className="truncate text-sm text-zinc-500 dark:text-zinc-400">
        TrailTriage
        {section ? (
          <>
            <span className="mx-2 text-zinc-300 dark:text-zinc-600">/</span>
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{section.label}</span>
          </>
        ) : null}
      </p>
      <div className="flex items-center gap-4">
        <StatusIndicator />
        <ThemeToggle />
      </div>
    </header>
  );
}
