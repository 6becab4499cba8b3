"use client";

import { clsx } from "clsx";
import { ShieldCheck } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { navItems } from "@/components/layout/nav-items";
import { hasRole } from "@/lib/auth/access";
import type { Role } from "@/lib/generated/prisma/enums";

export function Sidebar({ role }: { role: Role }) {
  const pathname = usePathname();
  const items = navItems.filter((item) => !item.role || hasRole(role, item.role));
  return (
    <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col border-zinc-200 border-r bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <Link href="/signals" className="flex h-14 items-center gap-2 border-zinc-200 border-b px-5 dark:border-zinc-800">
        <ShieldCheck className="size-6 text-indigo-600 dark:text-indigo-400" aria-hidden />
        <span className="font-semibold text-lg tracking-tight">TrailTriage</span>
      </Link>
      <nav aria-label="Main" className="flex-1 overflow-y-auto p-3">
        <ul className="space-y-0.5">
          {items.map((item) => {
            const isActive = pathname === item.href || pathname.startsWith(`${item.href}/`);
            const Icon = item.icon;
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={isActive ? "page" : undefined}
                  title={item.description}
                  className={clsx(
                    "flex items-center gap-3 rounded-md px-3 py-2 font-medium text-sm transition-colors",
                    isActive
                      ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300"
                      : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
                  )}
                >
                  <Icon className="size-4 shrink-0" aria-hidden />
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <p className="border-zinc-200 border-t px-5 py-3 text-xs text-zinc-500 dark:border-zinc-800">
        Detects denied Bedrock and SageMaker discovery by long-term AWS keys.
      </p>
    </aside>
  );
}
