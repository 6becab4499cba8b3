"use client";

import { type FormEvent, useState } from "react";
import { type Scope, useCreateToken, useRevokeToken, useTokens } from "@/components/settings/use-tokens";
import { Button, Field, FormError, Input } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { firstErrorMessage } from "@/lib/client/api";

const scopeHelp: Record<Scope, string> = {
  ingest: "upload CloudTrail logs",
  read: "read signals, events and rules",
  write: "triage signals and manage suppressions",
};

function CreateTokenForm() {
  const createToken = useCreateToken();
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const days = String(form.get("expiresInDays") ?? "").trim();
    const result = await createToken
      .mutateAsync({
        name: String(form.get("name")),
        scopes: form.getAll("scopes").map(String) as Scope[],
        expiresInDays: days ? Number(days) : null,
      })
      .catch(() => null);
    if (result) {
      setShown({ name: result.name, token: result.token });
      formElement.reset();
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      className="rounded-xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="mb-1 font-semibold">Create an API token</h2>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        Send it as <code className="font-mono">Authorization: Bearer …</code>. Tokens never reach admin pages.
      </p>
      <div className="grid gap-4 md:grid-cols-[2fr_3fr_1fr]">
        <Field label="Name">
          <Input name="name" required placeholder="e.g. S3 log shipper" autoComplete="off" />
        </Field>
        <fieldset className="space-y-1.5">
          <legend className="font-medium text-sm">Scopes</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-1 pt-1.5">
            {(Object.keys(scopeHelp) as Scope[]).map((scope) => (
              <label key={scope} className="flex items-center gap-2 text-sm" title={scopeHelp[scope]}>
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "read"} />
                {scope} <span className="text-xs text-zinc-500">({scopeHelp[scope]})</span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field label="Expires after (days)" hint="Empty: never.">
          <Input name="expiresInDays" type="number" min={1} max={3650} />
        </Field>
      </div>
      <div className="mt-4 space-y-3">
        <FormError message={firstErrorMessage(createToken)} />
        {shown ? (
          <div
            role="status"
            className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-500/40 dark:bg-emerald-500/10"
          >
            <p className="mb-2 text-emerald-900 dark:text-emerald-200">
              Token “{shown.name}” created. Copy it now: it will not be shown again.
            </p>
            <code
              data-testid="new-api-token"
              className="block break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-950"
            >
              {shown.token}
            </code>
          </div>
        ) : null}
        <Button type="submit" disabled={createToken.isPending}>
          {createToken.isPending ? "Creating…" : "Create token"}
        </Button>
      </div>
    </form>
  );
}

export function TokensAdmin() {
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const rows = tokens.data?.data ?? [];
  return (
    <div className="space-y-6">
      <CreateTokenForm />
      <FormError message={firstErrorMessage(revoke, tokens)} />
      <Table aria-label="API tokens">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Token</Th>
            <Th>Scopes</Th>
            <Th>Created</Th>
            <Th>Last used</Th>
            <Th>Expires</Th>
            <Th className="text-right">Status</Th>
          </tr>
        </thead>
        <tbody>
          {tokens.isSuccess && rows.length === 0 ? (
            <tr>
              <Td colSpan={7} className="py-8 text-center text-zinc-500">
                No API tokens yet. Create one for scripts and log shippers.
              </Td>
            </tr>
          ) : null}
          {rows.map((token) => (
            <tr key={token.id} className={token.revokedAt ? "text-zinc-400" : undefined}>
              <Td className="font-medium">{token.name}</Td>
              <Td className="font-mono text-xs">{token.tokenPrefix}…</Td>
              <Td>{token.scopes.join(", ")}</Td>
              <Td>
                <Time value={token.createdAt} />
                {token.createdBy ? (
                  <span className="block text-xs text-zinc-500">by {token.createdBy.name}</span>
                ) : null}
              </Td>
              <Td>
                <Time value={token.lastUsedAt} fallback="never" />
              </Td>
              <Td>
                <Time value={token.expiresAt} fallback="never" />
              </Td>
              <Td className="text-right">
                {token.revokedAt ? (
                  <span>Revoked</span>
                ) : (
                  <Button
                    variant="danger"
                    className="px-3 py-1"
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(`Revoke “${token.name}”? Anything using it stops working at once.`))
                        revoke.mutate(token.id);
                    }}
                  >
                    Revoke {token.name}
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
