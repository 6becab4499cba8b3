"use client";

import { useQuery } from "@tanstack/react-query";
import { Bell, BellOff, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type * as signalsRoute from "@/app/api/v1/signals/route";
import { PrincipalText } from "@/components/signals/principal-text";
import { SeverityBadge, SignalStatusBadge } from "@/components/signals/signal-badges";
import {
  useDeleteSuppression,
  useSaveSuppression,
  useSuppression,
  useSuppressionHistory,
} from "@/components/suppressions/use-suppressions";
import { ButtonLink } from "@/components/ui/button-link";
import { Card } from "@/components/ui/card";
import { Button, FormError } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch, errorMessage } from "@/lib/client/api";
import { count } from "@/lib/format";
import type { SuppressionItem } from "@/lib/suppressions/types";

// One suppression: what it covers in words, its window, owner and hits; the signals it hides, each a
// link; its history of versions. Analysts enable, disable, edit or delete it; viewers read.

const STATE_LABEL: Record<SuppressionItem["state"], string> = {
  active: "Active",
  expiring: "Expiring within 7 days",
  expired: "Expired: still covers the events before its expiry",
  disabled: "Disabled: covers nothing",
};

export function SuppressionScreen({ initial, canEdit }: { initial: SuppressionItem; canEdit: boolean }) {
  const router = useRouter();
  const query = useSuppression(initial.id, initial);
  const item = query.data ?? initial;
  const history = useSuppressionHistory(item.id);
  const save = useSaveSuppression(item.id);
  const remove = useDeleteSuppression(item.id);
  const hidden = useQuery({
    queryKey: ["suppressions", "hidden", item.id, item.version],
    queryFn: () =>
      apiFetch<ResultOf<typeof signalsRoute.GET>>(
        `/api/v1/signals?suppression=${item.id}&status=open,under_review,archived&pageSize=50&sort=-lastSeen`,
      ),
  });
  const error = save.error ?? remove.error;
  return (
    <>
      <PageHeader
        title={item.name}
        description={item.reason}
        actions={
          canEdit ? (
            <div className="flex flex-wrap gap-2">
              <ButtonLink href={`/suppressions/${item.id}/edit`} variant="secondary">
                <Pencil className="size-4" aria-hidden />
                Edit
              </ButtonLink>
              <Button
                variant="secondary"
                disabled={save.isPending}
                onClick={() => save.mutate({ enabled: !item.enabled, version: item.version })}
              >
                {item.enabled ? <BellOff className="size-4" aria-hidden /> : <Bell className="size-4" aria-hidden />}
                {item.enabled ? "Disable" : "Enable"}
              </Button>
              <Button
                variant="danger"
                disabled={remove.isPending}
                onClick={async () => {
                  if (!window.confirm(`Delete “${item.name}”? The signals it hides come back; its history stays.`))
                    return;
                  await remove.mutateAsync(item.version).catch(() => null);
                  if (!remove.isError) router.push("/suppressions");
                }}
              >
                <Trash2 className="size-4" aria-hidden />
                Delete
              </Button>
            </div>
          ) : null
        }
      />
      <FormError message={error ? errorMessage(error) : null} />
      <div className="grid items-start gap-5 xl:grid-cols-2">
        <Card title="What it covers" description={STATE_LABEL[item.state]}>
          <p className="break-all font-mono text-sm">{item.description}</p>
          <dl className="mt-4 grid grid-cols-[8rem_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-sm">
            <dt className="text-zinc-500">Rules</dt>
            <dd>{item.ruleIds === null ? "Every rule" : item.ruleIds.join(", ")}</dd>
            <dt className="text-zinc-500">Events from</dt>
            <dd>
              <Time value={item.startsAt} />
            </dd>
            <dt className="text-zinc-500">Until</dt>
            <dd>
              <Time value={item.expiresAt} />
            </dd>
            <dt className="text-zinc-500">Hits</dt>
            <dd className="tabular-nums">
              {count(item.hits)} match{item.hits === 1 ? "" : "es"} left out
              {item.lastHitAt ? (
                <>
                  , the latest at <Time value={item.lastHitAt} />
                </>
              ) : null}
            </dd>
            <dt className="text-zinc-500">Owner</dt>
            <dd>{item.owner?.name ?? "—"}</dd>
            <dt className="text-zinc-500">Created</dt>
            <dd>
              <Time value={item.createdAt} /> by {item.createdBy?.name ?? "a token"} · version {item.version}
            </dd>
          </dl>
        </Card>
        <Card
          title="Signals it hides"
          description="Retired while this suppression covers all their matches; listed under Suppressed on the Signals page."
        >
          {hidden.data && hidden.data.total === 0 ? (
            <p className="text-sm text-zinc-500">None: no signal has all its matches covered by it.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {(hidden.data?.data ?? []).map((signal) => (
                <li key={signal.id} className="flex items-center gap-2 py-2 text-sm">
                  <SeverityBadge severity={signal.severity} />
                  <SignalStatusBadge status={signal.status} />
                  <Link
                    href={`/signals/${signal.id}`}
                    className="min-w-0 flex-1 text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    <PrincipalText
                      value={signal.principalArn ?? signal.title}
                      className="text-indigo-700 dark:text-indigo-300"
                    />
                  </Link>
                  <span className="shrink-0 text-xs text-zinc-500">
                    <Time value={signal.lastSeen} withZone={false} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="History" description="Every saved version: who, when and what changed." className="xl:col-span-2">
          <ol className="space-y-3">
            {(history.data?.data ?? []).map((entry) => (
              <li key={`${entry.version}-${entry.at}`} className="text-sm">
                <p className="font-medium">
                  Version {entry.version}: {entry.action}{" "}
                  <span className="font-normal text-zinc-500">
                    by {entry.by?.name ?? "a token"}, <Time value={entry.at} />
                  </span>
                </p>
                <ul className="ml-4 list-disc text-zinc-700 dark:text-zinc-300">
                  {entry.changes.map((change) => (
                    <li key={change} className="break-words">
                      {change}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}
