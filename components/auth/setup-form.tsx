"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button, Field, FormError, Input } from "@/components/ui/form";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { apiFetch, firstErrorMessage } from "@/lib/client/api";

export function SetupForm() {
  const router = useRouter();
  const [mismatch, setMismatch] = useState(false);
  const setup = useMutation({
    mutationFn: (body: Record<string, FormDataEntryValue | null>) =>
      apiFetch("/api/v1/auth/setup", { method: "POST", body }),
    onSuccess: () => {
      router.replace("/signals");
      router.refresh();
    },
  });
  const isPending = setup.isPending || setup.isSuccess;
  const error = mismatch ? "The two passwords differ." : firstErrorMessage(setup);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const isMismatch = form.get("password") !== form.get("confirm");
    setMismatch(isMismatch);
    if (isMismatch) return;
    setup.mutate({
      code: form.get("code"),
      name: form.get("name"),
      email: form.get("email"),
      password: form.get("password"),
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      <div>
        <h1 className="font-semibold text-xl">Set up TrailTriage</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Create the first admin account. You need the one-time setup code that the server printed when it started; it
          is also in the file <code className="font-mono">setup-code</code> in the data directory.
        </p>
      </div>
      <FormError message={error} />
      <Field label="Setup code">
        <Input
          name="code"
          required
          autoComplete="off"
          spellCheck={false}
          placeholder="XXXX-XXXX-XXXX-XXXX"
          className="font-mono"
        />
      </Field>
      <Field label="Your name">
        <Input name="name" required autoComplete="name" />
      </Field>
      <Field label="Email">
        <Input name="email" type="email" required autoComplete="username" />
      </Field>
      <Field label="Password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        <Input name="password" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" />
      </Field>
      <Field label="Password, again">
        <Input name="confirm" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" />
      </Field>
      <Button type="submit" disabled={isPending} className="w-full">
        {isPending ? "Creating the admin…" : "Create admin and sign in"}
      </Button>
    </form>
  );
}
