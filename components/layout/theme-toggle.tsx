"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useTheme } from "next-themes";
import { useEffect, useState } from "react";

const order = ["light", "dark", "system"] as const;
const labels = { light: "Light theme", dark: "Dark theme", system: "System theme" } as const;
const icons = { light: Sun, dark: Moon, system: Monitor } as const;

export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  // The theme is only known in the browser; render a neutral button until then to avoid a mismatch.
  const [isMounted, setIsMounted] = useState(false);
  useEffect(() => setIsMounted(true), []);

  const current = isMounted && (theme === "light" || theme === "dark") ? theme : "system";
  const next = order[(order.indexOf(current) + 1) % order.length] ?? "system";
  const Icon = icons[current];
  return (
    <button
      type="button"
      onClick={() => setTheme(next)}
      aria-label={`${labels[current]}; switch to ${labels[next].toLowerCase()}`}
      title={`${labels[current]} (click for ${labels[next].toLowerCase()})`}
      className="inline-flex size-9 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
    >
      <Icon className="size-4" aria-hidden />
    </button>
  );
}
