"use client";

import { type QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import type * as signalRoute from "@/app/api/v1/signals/[id]/route";
import type * as bulkRoute from "@/app/api/v1/signals/bulk/route";
import { type TriageChange, withChange } from "@/components/signals/optimistic";
import { recordOwnVersion, versionToSend } from "@/components/signals/own-versions";
import { signalKeys } from "@/components/signals/use-signals";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch } from "@/lib/client/api";
import type { SignalSearch } from "@/lib/signals/search-params";
import type { BulkResult, SignalBulkChange } from "@/lib/signals/triage";
import type { SignalAssignee, SignalDetail, SignalListItem, SignalPage } from "@/lib/signals/types";

// Triage from the Signals list: one signal (the keys a, r, e) from the version the analyst saw, so a
// change someone else made first is a 409 and never saved over; or a selection, or everything matching
// the filter, through the bulk endpoint (which applies to the signals as they are). Rows change at once;
// a refused change puts back only the rows it touched; the lists and pages are refetched after.

/** Every triage change of this tab runs after the one before, whether from the list, the panel or a page. */
export const TRIAGE_SCOPE = { id: "signals-triage" };

type Snapshot = { rows: Map<string, SignalListItem>; details: Map<string, SignalDetail> };

/** Applies a change to the listed rows it touches (and their cached pages); answers what they were. */
async function applyOptimistic(
  client: QueryClient,
  listKey: readonly unknown[],
  touches: (id: string) => boolean,
  change: TriageChange,
  people: SignalAssignee[],
): Promise<Snapshot> {
  await client.cancelQueries({ queryKey: listKey, exact: true });
  const snapshot: Snapshot = { rows: new Map(), details: new Map() };
  client.setQueryData<SignalPage>(listKey, (page) => {
    if (!page) return page;
    const data = page.data.map((row) => {
      if (!touches(row.id)) return row;
      snapshot.rows.set(row.id, row);
      return withChange(row, change, people);
    });
    return { ...page, data };
  });
  for (const id of snapshot.rows.keys()) {
    const key = signalKeys.detail(id);
    const detail = client.getQueryData<SignalDetail>(key);
    if (!detail) continue;
    await client.cancelQueries({ queryKey: key, exact: true });
    snapshot.details.set(id, detail);
    client.setQueryData(key, withChange(detail, change, people));
  }
  return snapshot;
}

/** Puts back the rows and pages a refused change touched, and nothing else. */
function rollBack(client: QueryClient, listKey: readonly unknown[], snapshot: Snapshot | undefined) {
  if (!snapshot) return;
  client.setQueryData<SignalPage>(listKey, (page) =>
    page ? { ...page, data: page.data.map((row) => snapshot.rows.get(row.id) ?? row) } : page,
  );
  for (const [id, detail] of snapshot.details) client.setQueryData(signalKeys.detail(id), detail);
}

export function useListTriage(search: SignalSearch, people: SignalAssignee[]) {
  const client = useQueryClient();
  const listKey = signalKeys.list(search);

  const one = useMutation({
    scope: TRIAGE_SCOPE,
    /** `row` as the analyst saw it when they asked: its version is the one the change is made from. */
    mutationFn: ({ row, change }: { row: SignalListItem; change: TriageChange }) =>
      apiFetch<ResultOf<typeof signalRoute.PATCH>>(`/api/v1/signals/${row.id}`, {
        method: "PATCH",
        body: { ...change, version: versionToSend(row.id, row.version) },
      }),
    onMutate: ({ row, change }) => applyOptimistic(client, listKey, (id) => id === row.id, change, people),
    onError: (_error, _variables, snapshot) => rollBack(client, listKey, snapshot),
    onSuccess: (answer) => {
      recordOwnVersion(answer.id, answer.version);
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
    onSettled: (_answer, _error, { row }) => {
      client.invalidateQueries({ queryKey: [...signalKeys.all, "list"] });
      client.invalidateQueries({ queryKey: signalKeys.detail(row.id), exact: true });
    },
  });

  const bulk = useMutation({
    scope: TRIAGE_SCOPE,
    mutationFn: (body: SignalBulkChange) =>
      apiFetch<ResultOf<typeof bulkRoute.POST>>("/api/v1/signals/bulk", { method: "POST", body }),
    onMutate: ({ ids, filter: _filter, ...change }) => {
      const chosen = ids ? new Set(ids) : null;
      return applyOptimistic(client, listKey, (id) => chosen === null || chosen.has(id), change, people);
    },
    onError: (_error, _variables, snapshot) => rollBack(client, listKey, snapshot),
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
