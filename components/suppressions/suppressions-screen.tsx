"use client";

import { BellOff, Plus, Search } from "lucide-react";
import Link from "next/link";
import { parseAsInteger, parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { useState } from "react";
import { ImportSuppressions } from "@/components/suppressions/import-suppressions";
import { useSuppressions } from "@/components/suppressions/use-suppressions";
import { ButtonLink } from "@/components/ui/button-link";
import { CountTabs } from "@/components/ui/count-tabs";
import { DownloadLink } from "@/components/ui/download-link";
import { EmptyState } from "@/components/ui/empty-state";
import { Button, FormError, Input } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/client/api";
import { count } from "@/lib/format";
import { SUPPRESSION_STATES, type SuppressionState } from "@/lib/suppressions/schema";
import type { SuppressionItem } from "@/lib/suppressions/types";
import { SUPPRESSIONS_PAGE_SIZE } from "./use-suppressions";

// The suppression lists: tabs by state (active, expiring within 7 days, expired, disabled) with counts,
// each suppression's conditions in words, scope, hits, owner and expiry, and the signals it hides.

const TAB_LABELS: Record<SuppressionState, string> = {
  active: "Active",
  expiring: "Expiring in 7 days",
  expired: "Expired",
  disabled: "Disabled",
};
const PANEL_ID = "suppressions-panel";

const parsers = {
  state: parseAsStringLiteral(SUPPRESSION_STATES).withDefault("active"),
  q: parseAsString.withDefault(""),
  page: parseAsInteger.withDefault(1),
};

export function SuppressionsScreen({ canEdit }: { canEdit: boolean }) {
  const [{ state, q, page }, setSearch] = useQueryStates(parsers, { history: "replace", scroll: false });
  const [draftQ, setDraftQ] = useState(q);
  const list = useSuppressions(state, q, Math.max(1, page));
  const data = list.data;
  const isEmpty = list.isSuccess && !list.isPlaceholderData && data?.total === 0;
  return (
    <>
      <PageHeader
        title="Suppressions"
        description="Known-good principals, addresses and keys whose matches raise no signal. Stored events and matches are never deleted: disable or delete a suppression and its signals come back with their history."
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <DownloadLink href="/api/v1/suppressions/export">Export JSON</DownloadLink>
            {canEdit ? (
              <>
                <ImportSuppressions />
                <ButtonLink href="/suppressions/new">
                  <Plus className="size-4" aria-hidden />
                  New suppression
                </ButtonLink>
              </>
            ) : null}
          </div>
        }
      />
      <search className="mb-4 block max-w-xl">
        <form
          className="flex gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            void setSearch({ q: draftQ.trim() || null, page: null });
          }}
        >
          <label htmlFor="suppression-search" className="sr-only">
            Search suppressions
          </label>
          <Input
            id="suppression-search"
            type="search"
            placeholder="Part of a name or reason"
            value={draftQ}
            maxLength={200}
            onChange={(event) => setDraftQ(event.target.value)}
          />
          <Button type="submit" variant="secondary">
            <Search className="size-4" aria-hidden />
            Search
          </Button>
        </form>
      </search>
      <CountTabs
        label="Suppression state"
        idOf={(key) => `suppressions-tab-${key}`}
        panelId={PANEL_ID}
        selected={state}
        onSelect={(key) => void setSearch({ state: key as SuppressionState, page: null })}
        tabs={SUPPRESSION_STATES.map((key) => ({ key, label: TAB_LABELS[key], count: data?.counts[key] }))}
      />
      <div id={PANEL_ID} role="tabpanel" aria-labelledby={`suppressions-tab-${state}`}>
        <FormError message={list.error ? errorMessage(list.error) : null} />
        {isEmpty ? (
          <EmptyState
            icon={BellOff}
            title={q ? "No suppression matches" : `No ${TAB_LABELS[state].toLowerCase()} suppressions`}
            action={
              canEdit && state === "active" && !q ? (
                <ButtonLink href="/suppressions/new">
                  <Plus className="size-4" aria-hidden />
                  New suppression
                </ButtonLink>
              ) : null
            }
          >
            {q
              ? "Try another part of a name or reason, or another tab."
              : "A suppression leaves out the matches of a known-good principal, address, key or agent, for a time. You see which signals it would hide before you save it; the quickest way in is Suppress… on a signal."}
          </EmptyState>
        ) : (
          <>
            <Table aria-label="Suppressions">
              <thead>
                <tr>
                  <Th>Suppression</Th>
                  <Th>Conditions</Th>
                  <Th className="text-right">Hits</Th>
                  <Th>Last hit</Th>
                  <Th>Signals hidden</Th>
                  <Th>Owner</Th>
                  <Th>Expires</Th>
                </tr>
              </thead>
              <tbody>
                {(data?.data ?? []).map((item) => (
                  <SuppressionRow key={item.id} item={item} />
                ))}
              </tbody>
            </Table>
            {data && data.total > SUPPRESSIONS_PAGE_SIZE ? (
              <Pager
                page={page}
                pageSize={SUPPRESSIONS_PAGE_SIZE}
                total={data.total}
                shown={data.data.length}
                noun="suppressions"
                onPage={(next) => void setSearch({ page: next })}
              />
            ) : null}
          </>
        )}
      </div>
    </>
  );
}

function SuppressionRow({ item }: { item: SuppressionItem }) {
  return (
    <tr className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
      <Td className="max-w-xs">
        <Link
          href={`/suppressions/${item.id}`}
          className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
        >
          {item.name}
        </Link>
        <p className="line-clamp-2 text-xs text-zinc-500 dark:text-zinc-400" title={item.reason}>
          {item.reason}
        </p>
      </Td>
      <Td className="min-w-64 max-w-md">
        <p className="line-clamp-3 text-xs [overflow-wrap:anywhere]" title={item.description}>
          {item.description}
        </p>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {item.ruleIds === null ? "Every rule" : `${item.ruleIds.length} rule${item.ruleIds.length === 1 ? "" : "s"}`}
        </p>
      </Td>
      <Td className="text-right tabular-nums">{count(item.hits)}</Td>
      <Td className="whitespace-nowrap text-xs">
        <Time value={item.lastHitAt} fallback="never" />
      </Td>
      <Td>
        {item.signalsHidden > 0 ? (
          <Link
            href={`/signals?suppressed=only&status=open,under_review,archived&suppression=${item.id}`}
            className="text-indigo-700 hover:underline dark:text-indigo-300"
          >
            {count(item.signalsHidden)} signal{item.signalsHidden === 1 ? "" : "s"}
          </Link>
        ) : (
          <span className="text-zinc-500">none</span>
        )}
      </Td>
      <Td className="whitespace-nowrap text-sm">{item.owner?.name ?? "—"}</Td>
      <Td className="whitespace-nowrap text-xs">
        <Time value={item.expiresAt} />
      </Td>
    </tr>
  );
}
