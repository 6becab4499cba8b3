"use client";

import { Download, History } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type AuditQuery, auditSearch, useAudit } from "@/components/audit/use-audit";
import { EmptyState } from "@/components/ui/empty-state";
import { Button, Field, FormError, Input, Select } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { firstErrorMessage } from "@/lib/client/api";

export function AuditScreen({ actions }: { actions: readonly string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query: AuditQuery = {
    action: params.get("action") ?? undefined,
    actor: params.get("actor") ?? undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    page: Math.max(1, Number(params.get("page") ?? 1) || 1),
  };
  const audit = useAudit(query);
  const { page: _page, ...filters } = query;

  function setFilters(next: Partial<AuditQuery>) {
    const search = auditSearch({ ...filters, ...next });
    router.replace((search ? `${pathname}?${search}` : pathname) as "/audit");
  }

  const total = audit.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / 50));
  const hasFilters = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Audit"
        description="An append-only record of sign-ins and of every change, with its author. Times are UTC."
        actions={
          <a
            href={`/api/v1/audit/export?${auditSearch(filters)}`}
            className="inline-flex items-center gap-2 rounded-md border border-zinc-300 bg-white px-4 py-2 font-medium text-sm shadow-sm hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
          >
            <Download className="size-4" aria-hidden />
            Export CSV
          </a>
        }
      />
      <form
        className="mb-4 grid gap-3 rounded-xl border border-zinc-200 bg-white p-4 md:grid-cols-4 dark:border-zinc-800 dark:bg-zinc-900"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setFilters({ actor: String(form.get("actor") ?? ""), page: undefined });
        }}
      >
        <Field label="Action">
          <Select
            value={query.action ?? ""}
            onChange={(event) => setFilters({ action: event.target.value, page: undefined })}
          >
            <option value="">Any action</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Actor">
          <Input name="actor" defaultValue={query.actor ?? ""} placeholder="email or token name, then Enter" />
        </Field>
        <Field label="From (UTC)">
          <Input
            type="date"
            value={query.from ?? ""}
            onChange={(event) => setFilters({ from: event.target.value, page: undefined })}
          />
        </Field>
        <Field label="To (UTC, inclusive)">
          <Input
            type="date"
            value={query.to?.slice(0, 10) ?? ""}
            onChange={(event) =>
              setFilters({ to: event.target.value ? `${event.target.value}T23:59:59.999Z` : "", page: undefined })
            }
          />
        </Field>
      </form>
      <FormError message={firstErrorMessage(audit)} />
      {audit.isSuccess && total === 0 ? (
        <EmptyState icon={History} title={hasFilters ? "No entries match these filters" : "No audit entries yet"}>
          {hasFilters ? "Clear a filter to see more." : "Sign-ins and changes are recorded here as they happen."}
        </EmptyState>
      ) : (
        <Table aria-label="Audit log">
          <thead>
            <tr>
              <Th>Time</Th>
              <Th>Actor</Th>
              <Th>Action</Th>
              <Th>Target</Th>
              <Th>IP</Th>
              <Th>Details</Th>
            </tr>
          </thead>
          <tbody>
            {audit.data?.data.map((row) => (
              <tr key={String(row.id)}>
                <Td>
                  <Time value={row.at} />
                </Td>
                <Td className="max-w-64 truncate" title={row.actorLabel ?? row.actorType}>
                  {row.actorLabel ?? <span className="text-zinc-500">{row.actorType}</span>}
                  {row.actorType !== "user" ? (
                    <span className="ml-1 text-xs text-zinc-500">({row.actorType})</span>
                  ) : null}
                </Td>
                <Td className="font-mono text-xs">{row.action}</Td>
                <Td className="text-xs">
                  {row.targetType ? `${row.targetType} ${row.targetId?.slice(0, 8) ?? ""}` : "—"}
                </Td>
                <Td className="font-mono text-xs">{row.ip ?? "—"}</Td>
                <Td
                  className="max-w-md truncate font-mono text-xs"
                  title={row.details ? JSON.stringify(row.details, null, 2) : ""}
                >
                  {row.details ? JSON.stringify(row.details) : "—"}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {total > 0 ? (
        <div className="mt-4 flex items-center justify-between text-sm text-zinc-600 dark:text-zinc-400">
          <span>
            {total.toLocaleString("en-US")} entries · page {query.page} of {pages}
          </span>
          <div className="flex gap-2">
            <Button variant="secondary" disabled={query.page <= 1} onClick={() => setFilters({ page: query.page - 1 })}>
              Previous
            </Button>
            <Button
              variant="secondary"
              disabled={query.page >= pages}
              onClick={() => setFilters({ page: query.page + 1 })}
            >
              Next
            </Button>
          </div>
        </div>
      ) : null}
    </>
  );
}
