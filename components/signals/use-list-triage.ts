"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type TriageChange, withChange } from "@/components/signals/optimistic";
import { signalKeys } from "@/components/signals/use-signals";
import { apiFetch } from "@/lib/client/api";
import type { SignalSearch } from "@/lib/signals/filters";
import type { BulkResult, SignalBulkChange } from "@/lib/signals/triage";
import type { SignalAssignee, SignalDetail, SignalListItem, SignalPage } from "@/lib/signals/types";

// Triage from the Signals list: one row (the keyboard's a, r, e) with its version, so a change someone
// else made first is a 409 and never overwritten; or a selection, or everything matching the filter,
// through the bulk endpoint. Rows change at once and roll back if the server refuses; the list and the
// signals' pages are then refetched, so what shows is what the server holds.

export function useListTriage(search: SignalSearch, people: SignalAssignee[]) {
  const client = useQueryClient();
  const listKey = signalKeys.list(search);

  async function applyToRows(matches: (row: SignalListItem) => boolean, change: TriageChange) {
    await client.cancelQueries({ queryKey: listKey, exact: true });
    const before = client.getQueryData<SignalPage>(listKey);
    if (before) {
      client.setQueryData<SignalPage>(listKey, {
        ...before,
        data: before.data.map((row) => (matches(row) ? withChange(row, change, people) : row)),
      });
    }
    return { before };
  }
  const rollBack = (context: { before?: SignalPage } | undefined) => {
    if (context?.before) client.setQueryData(listKey, context.before);
  };

  // Changes run one after another (`scope`), each from the version the list holds when it is sent: a
  // quick `a` then `r` sends the second from the first's answer, not a stale version that would 409.
  const one = useMutation({
    scope: { id: "signals-triage" },
    mutationFn: ({ row, change }: { row: SignalListItem; change: TriageChange }) => {
      const shown = client.getQueryData<SignalPage>(listKey)?.data.find((item) => item.id === row.id);
      return apiFetch<SignalDetail>(`/api/v1/signals/${row.id}`, {
        method: "PATCH",
        body: { ...change, version: shown?.version ?? row.version },
      });
    },
    onMutate: ({ row, change }) => applyToRows((item) => item.id === row.id, change),
    onError: (_error, _variables, context) => rollBack(context),
    onSuccess: (answer) => {
      client.setQueryData(signalKeys.detail(answer.id), answer);
      const { version, status, archiveReason, assignee, updatedAt } = answer;
      client.setQueryData<SignalPage>(listKey, (page) =>
        page
          ? {
              ...page,
              data: page.data.map((item) =>
                item.id === answer.id ? { ...item, version, status, archiveReason, assignee, updatedAt } : item,
              ),
            }
          : page,
      );
    },
    onSettled: () => client.invalidateQueries({ queryKey: [...signalKeys.all, "list"] }),
  });

  const bulk = useMutation({
    scope: { id: "signals-triage" },
    mutationFn: (body: SignalBulkChange) => apiFetch<BulkResult>("/api/v1/signals/bulk", { method: "POST", body }),
    onMutate: ({ ids, filter: _filter, ...change }) => {
      const chosen = ids ? new Set(ids) : null;
      return applyToRows((row) => chosen === null || chosen.has(row.id), change);
    },
    onError: (_error, _variables, context) => rollBack(context),
    onSettled: () => client.invalidateQueries({ queryKey: signalKeys.all }),
  });

  return { one, bulk };
}

/** "3 changed, 1 already so": what a bulk change did, in words. */
export function describeBulkResult(result: BulkResult): string {
  const parts = [`${result.changed.toLocaleString("en-US")} changed`];
  if (result.unchanged > 0) parts.push(`${result.unchanged.toLocaleString("en-US")} already so`);
  if (result.skipped.length > 0) {
    parts.push(`${result.skipped.length.toLocaleString("en-US")} no longer in the list (merged or retired)`);
  }
  return `${parts.join(", ")}.`;
}
