"use client";

import { LogOut } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api";

export interface Me {
  name: string;
  email: string;
  role: string;
}

export function UserMenu({ me }: { me: Me }) {
  const router = useRouter();
  const [isSigningOut, setIsSigningOut] = useState(false);

  async function signOut() {
    setIsSigningOut(true);
    await apiFetch("/api/v1/auth/logout", { method: "POST" }).catch(() => undefined);
    router.replace("/login");
    router.refresh();
  }

  return (
    <div className="flex items-center gap-3">
      <Link href="/settings" className="text-right leading-tight hover:underline" title={me.email}>
        <span className="block max-w-48 truncate font-medium text-sm">{me.name}</span>
        <span className="block text-xs text-zinc-500 dark:text-zinc-400">{me.role}</span>
      </Link>
      <button
        type="button"
        onClick={signOut}
        disabled={isSigningOut}
        aria-label="Sign out"
        title="Sign out"
        className="inline-flex size-9 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 disabled:opacity-50 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <LogOut className="size-4" aria-hidden />
      </button>
    </div>
  );
}
