"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type * as commentsRoute from "@/app/api/v1/signals/[id]/comments/route";
import type * as signalRoute from "@/app/api/v1/signals/[id]/route";
import { type TriageChange, withChange } from "@/components/signals/optimistic";
import { recordOwnVersion, versionToSend } from "@/components/signals/own-versions";
import { TRIAGE_SCOPE } from "@/components/signals/use-list-triage";
import { signalKeys } from "@/components/signals/use-signals";
import type { ResultOf } from "@/lib/api/reply";
import { ApiError, apiFetch } from "@/lib/client/api";
import type { SignalAssignee, SignalDetail } from "@/lib/signals/types";

// Triage from the signal page. A change shows at once (optimistic) and rolls back if the server refuses
// it; the server's answer then replaces the signal (its new version and history). A 409 means someone
// else changed the signal first: the change is rolled back and the page offers to reload.

export function useTriage(signal: SignalDetail, people: SignalAssignee[]) {
  const client = useQueryClient();
  const key = signalKeys.detail(signal.id);

  // Changes run one after another, with the list's (`TRIAGE_SCOPE`), each from the version on screen when
  // it was asked for, moved on only past versions this tab wrote itself (own-versions.ts).
  const update = useMutation({
    scope: TRIAGE_SCOPE,
    mutationFn: (change: TriageChange) =>
      apiFetch<ResultOf<typeof signalRoute.PATCH>>(`/api/v1/signals/${signal.id}`, {
        method: "PATCH",
        body: { ...change, version: versionToSend(signal.id, signal.version) },
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
      recordOwnVersion(answer.id, answer.version);
      client.setQueryData(key, answer);
      client.invalidateQueries({ queryKey: [...signalKeys.all, "list"] });
    },
  });

  // In the same queue, so a comment written while a change is in flight lands after the change's answer
  // (which replaces the history) instead of being overwritten by it.
  const comment = useMutation({
    scope: TRIAGE_SCOPE,
    mutationFn: (body: string) =>
      apiFetch<ResultOf<typeof commentsRoute.POST>>(`/api/v1/signals/${signal.id}/comments`, {
        method: "POST",
        body: { body },
      }),
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
