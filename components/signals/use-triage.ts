"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type TriageChange, withChange } from "@/components/signals/optimistic";
import { signalKeys } from "@/components/signals/use-signals";
import { ApiError, apiFetch } from "@/lib/client/api";
import type { SignalActivityItem, SignalAssignee, SignalDetail } from "@/lib/signals/types";

// Triage from the signal page. A change shows at once (optimistic) and rolls back if the server refuses
// it; the server's answer then replaces the signal (its new version and history). A 409 means someone
// else changed the signal first: the change is rolled back and the page offers to reload.

export function useTriage(signal: SignalDetail, people: SignalAssignee[]) {
  const client = useQueryClient();
  const key = signalKeys.detail(signal.id);

  // Changes run one after another (`scope`), each from the version this page holds when it is sent, so a
  // quick `a` then `r` sends the second from the first's answer rather than a stale version.
  const update = useMutation({
    scope: { id: `signal-${signal.id}` },
    mutationFn: (change: TriageChange) =>
      apiFetch<SignalDetail>(`/api/v1/signals/${signal.id}`, {
        method: "PATCH",
        body: { ...change, version: client.getQueryData<SignalDetail>(key)?.version ?? signal.version },
      }),
    onMutate: async (change) => {
      await client.cancelQueries({ queryKey: key, exact: true });
      const before = client.getQueryData<SignalDetail>(key);
      if (before) {
        client.setQueryData<SignalDetail>(key, withChange(before, change, people));
      }
      return { before };
    },
    onError: (_error, _change, context) => {
      if (context?.before) client.setQueryData(key, context.before);
    },
    onSuccess: (answer) => {
      client.setQueryData(key, answer);
      client.invalidateQueries({ queryKey: [...signalKeys.all, "list"] });
    },
  });

  const comment = useMutation({
    mutationFn: (body: string) =>
      apiFetch<SignalActivityItem>(`/api/v1/signals/${signal.id}/comments`, { method: "POST", body: { body } }),
    onSuccess: (entry) => {
      client.setQueryData<SignalDetail>(key, (current) =>
        current ? { ...current, activity: [...current.activity, entry] } : current,
      );
    },
  });

  const isConflict = update.error instanceof ApiError && update.error.status === 409;
  const reload = () => {
    update.reset();
    return client.invalidateQueries({ queryKey: key });
  };
  return { update, comment, isConflict, reload };
}
