"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button, Field, FormError, Input } from "@/components/ui/form";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { apiFetch, errorMessage } from "@/lib/client/api";

export function AccountSettings({
  me,
}: {
  me: { name: string; email: string; role: string; mustChangePassword: boolean };
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function changePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    setNotice(null);
    if (form.get("newPassword") !== form.get("confirm")) return setError("The two new passwords differ.");
    setIsPending(true);
    try {
      await apiFetch("/api/v1/me/password", {
        method: "POST",
        body: { currentPassword: form.get("currentPassword"), newPassword: form.get("newPassword") },
      });
      formElement.reset();
      setNotice("Password changed. Your other sessions were signed out.");
      router.refresh();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setIsPending(false);
    }
  }

  async function signOutEverywhere() {
    await apiFetch("/api/v1/auth/logout-everywhere", { method: "POST" }).catch(() => undefined);
    router.replace("/login");
    router.refresh();
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section className="rounded-xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
        <h2 className="font-semibold">Profile</h2>
        <dl className="mt-4 grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-zinc-500">Name</dt>
          <dd>{me.name}</dd>
          <dt className="text-zinc-500">Email</dt>
          <dd className="break-all">{me.email}</dd>
          <dt className="text-zinc-500">Role</dt>
          <dd>{me.role}</dd>
        </dl>
        <div className="mt-6 border-zinc-200 border-t pt-4 dark:border-zinc-800">
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            Lost a laptop or signed in somewhere you should not have? End every session of this account.
          </p>
          <Button variant="secondary" onClick={signOutEverywhere}>
            Sign out everywhere
          </Button>
        </div>
      </section>
      <section className="rounded-xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
        <h2 className="font-semibold">Change password</h2>
        {me.mustChangePassword ? (
          <p className="mt-2 text-sm text-amber-800 dark:text-amber-200">
            Your password was set by an admin. Choose your own before you continue.
          </p>
        ) : null}
        <form onSubmit={changePassword} className="mt-4 space-y-4">
          <FormError message={error} />
          {notice ? (
            <p role="status" className="text-emerald-700 text-sm dark:text-emerald-300">
              {notice}
            </p>
          ) : null}
          <Field label="Current password">
            <Input name="currentPassword" type="password" required autoComplete="current-password" />
          </Field>
          <Field label="New password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
            <Input
              name="newPassword"
              type="password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              autoComplete="new-password"
            />
          </Field>
          <Field label="New password, again">
            <Input
              name="confirm"
              type="password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              autoComplete="new-password"
            />
          </Field>
          <Button type="submit" disabled={isPending}>
            {isPending ? "Saving…" : "Change password"}
          </Button>
        </form>
      </section>
    </div>
  );
}
