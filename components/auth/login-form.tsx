"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { DatabaseWarning } from "@/components/health/database-warning";
import { Button, Field, FormError, Input } from "@/components/ui/form";
import { safeNextPath } from "@/lib/auth/safe-next";
import { apiFetch, firstErrorMessage } from "@/lib/client/api";

export function LoginForm({ next }: { next: string | null }) {
  const signIn = useMutation({
    mutationFn: (credentials: { email: FormDataEntryValue | null; password: FormDataEntryValue | null }) =>
      apiFetch("/api/v1/auth/login", { method: "POST", body: credentials }),
    onSuccess: () => {
      // Only a path on this site, never an address elsewhere (lib/auth/safe-next.ts). A full page load,
      // not the client router: the server may send a temporary password on to /settings, and a redirect
      // inside a client navigation that crosses from the sign-in layout left a blank page.
      window.location.replace(safeNextPath(next));
    },
  });
  // Stays pending through the navigation that follows success, so the button cannot be pressed twice.
  const isPending = signIn.isPending || signIn.isSuccess;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: form.get("email"), password: form.get("password") });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      <div>
        <h1 className="font-semibold text-xl">Sign in</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Use the account an admin created for you.</p>
      </div>
      <DatabaseWarning />
      <FormError message={firstErrorMessage(signIn)} />
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
