"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { useId, useRef, useState } from "react";
import type * as importRoute from "@/app/api/v1/suppressions/import/route";
import { signalKeys } from "@/components/signals/use-signals";
import { suppressionKeys } from "@/components/suppressions/use-suppressions";
import { Button, FormError } from "@/components/ui/form";
import { Modal } from "@/components/ui/modal";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch, errorMessage } from "@/lib/client/api";

// Import a JSON file of suppressions (an export, or any list): the file is compared with the current list
// by name and the difference shown; nothing is saved until the analyst confirms, and a file with refused
// entries cannot be applied (they are listed by name, with why).

const MAX_BYTES = 5 * 1024 * 1024;

export function ImportSuppressions() {
  const titleId = useId();
  const input = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ name: string; body: { suppressions: unknown[] } } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: (body: unknown) =>
      apiFetch<ResultOf<typeof importRoute.POST>>("/api/v1/suppressions/import", { method: "POST", body }),
  });
  const apply = useMutation({
    mutationFn: (body: unknown) =>
      apiFetch<ResultOf<typeof importRoute.POST>>("/api/v1/suppressions/import", { method: "POST", body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: suppressionKeys.all });
      void queryClient.invalidateQueries({ queryKey: signalKeys.all });
    },
  });

  async function onFile(chosen: File | undefined) {
    if (!chosen) return;
    setReadError(null);
    check.reset();
    apply.reset();
    if (chosen.size > MAX_BYTES) {
      setReadError(`${chosen.name} is larger than 5 MB: not a suppression export.`);
      return;
    }
    try {
      const parsed = JSON.parse(await chosen.text()) as unknown;
      const body = Array.isArray(parsed) ? { suppressions: parsed } : (parsed as { suppressions: unknown[] });
      if (!body || typeof body !== "object" || !Array.isArray(body.suppressions)) {
        throw new Error("it holds no `suppressions` list");
      }
      setFile({ name: chosen.name, body });
      check.mutate(body);
    } catch (error) {
      setReadError(`${chosen.name} cannot be imported: ${(error as Error).message}.`);
    }
  }

  const plan = check.data;
  const close = () => {
    setFile(null);
    check.reset();
    apply.reset();
    if (input.current) input.current.value = "";
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="sr-only"
        aria-label="Import suppressions from a JSON file"
        onChange={(event) => void onFile(event.target.files?.[0])}
      />
      <Button variant="secondary" onClick={() => input.current?.click()}>
        <Upload className="size-4" aria-hidden />
        Import JSON…
      </Button>
      {readError ? (
        <p role="alert" className="basis-full text-red-700 text-sm dark:text-red-300">
          {readError}
        </p>
      ) : null}
      {file ? (
        <Modal labelledBy={titleId} onClose={close} className="max-w-2xl">
          <h2 id={titleId} className="font-semibold text-lg">
            Import {file.name}
          </h2>
          <FormError
            message={check.error ? errorMessage(check.error) : apply.error ? errorMessage(apply.error) : null}
          />
          {!plan ? (
            <p className="mt-3 text-sm text-zinc-500">Comparing with the current list…</p>
          ) : apply.data?.applied ? (
            <p role="status" className="mt-3 text-emerald-700 text-sm dark:text-emerald-300">
              Imported: {apply.data.added.length} added, {apply.data.changed.length} changed. The signals they cover
              were regrouped.
            </p>
          ) : (
            <div className="mt-3 max-h-[60vh] space-y-4 overflow-y-auto text-sm">
              <p>
                {plan.added.length} to add, {plan.changed.length} to change, {plan.unchanged.length} unchanged
                {plan.refused.length > 0 ? `, ${plan.refused.length} refused` : ""}. Matched with the current list by
                name; nothing is deleted.
              </p>
              {plan.refused.length > 0 ? (
                <section aria-label="Refused">
                  <h3 className="font-medium text-red-700 dark:text-red-300">Refused: fix the file and import again</h3>
                  <ul className="ml-4 list-disc">
                    {plan.refused.map((entry) => (
                      <li key={entry.name} className="[overflow-wrap:anywhere]">
                        <strong>{entry.name}</strong>: {entry.problems.join("; ")}
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
              {plan.added.length > 0 ? (
                <section aria-label="To add">
                  <h3 className="font-medium">To add</h3>
                  <ul className="ml-4 list-disc">
                    {plan.added.map((entry) => (
                      <li key={entry.name} className="[overflow-wrap:anywhere]">
                        <strong>{entry.name}</strong>: {entry.description}
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
              {plan.changed.length > 0 ? (
                <section aria-label="To change">
                  <h3 className="font-medium">To change</h3>
                  <ul className="ml-4 list-disc">
                    {plan.changed.map((entry) => (
                      <li key={entry.id} className="[overflow-wrap:anywhere]">
                        <strong>{entry.name}</strong>: {entry.changes.join("; ")}
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
            </div>
          )}
          <div className="mt-5 flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              {apply.data?.applied ? "Close" : "Cancel"}
            </Button>
            {plan && !apply.data?.applied ? (
              <Button
                disabled={apply.isPending || plan.refused.length > 0 || plan.added.length + plan.changed.length === 0}
                onClick={() => apply.mutate({ ...file.body, apply: true })}
              >
                Import {plan.added.length + plan.changed.length} suppression
                {plan.added.length + plan.changed.length === 1 ? "" : "s"}
              </Button>
            ) : null}
          </div>
        </Modal>
      ) : null}
    </>
  );
}
