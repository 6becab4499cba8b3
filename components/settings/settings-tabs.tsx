"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

const tabs = [
  { href: "/settings", label: "Your account", isAdminOnly: false },
  { href: "/settings/users", label: "Users", isAdminOnly: true },
  { href: "/settings/tokens", label: "API tokens", isAdminOnly: true },
] as const;

export function SettingsTabs({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mb-6 flex gap-1 border-zinc-200 border-b dark:border-zinc-800">
      {tabs
        .filter((tab) => isAdmin || !tab.isAdminOnly)
        .map((tab) => {
          const isActive = pathname === tab.href;
          return (
            <Link
              key={tab.href}
              href={tab.href}
              aria-current={isActive ? "page" : undefined}
              className={clsx(
                "-mb-px border-b-2 px-4 py-2 font-medium text-sm",
                isActive
                  ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                  : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
              )}
            >
              {tab.label}
            </Link>
          );
        })}
    </nav>
  );
}
