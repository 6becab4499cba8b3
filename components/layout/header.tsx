"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { type Me, UserMenu } from "@/components/auth/user-menu";
import { StatusIndicator } from "@/components/health/status-indicator";
import { navItems } from "@/components/layout/nav-items";
import { ThemeToggle } from "@/components/layout/theme-toggle";

export function Header({ me }: { me: Me & { mustChangePassword: boolean } }) {
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
        {me.mustChangePassword ? (
          <Link
            href="/settings"
            className="rounded-md bg-amber-100 px-2 py-1 font-medium text-amber-900 text-xs dark:bg-amber-500/15 dark:text-amber-200"
          >
            Choose a new password
          </Link>
        ) : null}
        <StatusIndicator />
        <ThemeToggle />
        <span aria-hidden className="h-6 w-px bg-zinc-200 dark:bg-zinc-700" />
        <UserMenu me={me} />
      </div>
    </header>
  );
}
