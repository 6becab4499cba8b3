"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { DatabaseWarning } from "@/components/health/database-warning";
import { Button, Field, FormError, Input } from "@/components/ui/form";
import { ApiError, apiFetch, errorMessage } from "@/lib/client/api";

/** Only paths on this site are followed after sign-in, never an address elsewhere ("//x", "/\\x", "https:…"). */
function safeNext(next: string | null): string {
  if (!next?.startsWith("/")) return "/signals";
  const target = new URL(next, window.location.origin);
  return target.origin === window.location.origin ? `${target.pathname}${target.search}` : "/signals";
}

export function LoginForm({ next }: { next: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIsPending(true);
    setError(null);
    try {
      await apiFetch("/api/v1/auth/login", {
        method: "POST",
        body: { email: form.get("email"), password: form.get("password") },
      });
      router.replace(safeNext(next) as "/signals");
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : errorMessage(caught));
      setIsPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      <div>
        <h1 className="font-semibold text-xl">Sign in</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Use the account an admin created for you.</p>
      </div>
      <DatabaseWarning />
      <FormError message={error} />
      <Field label="Email">
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field label="Password">
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" disabled={isPending} className="w-full">
        {isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
