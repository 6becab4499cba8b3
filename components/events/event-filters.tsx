"use client";

import { credentialLabels } from "@/components/events/event-badges";
import { FilterActions } from "@/components/filters/filter-actions";
import { TimeRangeFields } from "@/components/filters/time-range-fields";
import { useFilterDraft } from "@/components/filters/use-filter-draft";
import { Field, Input, Select } from "@/components/ui/form";
import { credentialTypes, type EventFilters } from "@/lib/events/filters";
import type { CredentialType } from "@/lib/generated/prisma/enums";

const searchField = {
  key: "q",
  label: "Search",
  placeholder: "part of a name, source, error or user agent; an event or request id",
} as const;

const textFields = [
  { key: "principal", label: "Principal ARN", placeholder: "arn:aws:iam::123456789012:user/name", span: "col-span-6" },
  { key: "ip", label: "Source IP", placeholder: "203.0.113.7", span: "col-span-2" },
  { key: "accessKeyId", label: "Access key", placeholder: "AKIA…", span: "col-span-2" },
  { key: "awsRegion", label: "Region", placeholder: "us-east-1", span: "col-span-2" },
  { key: "eventName", label: "Event name", placeholder: "ListModels", span: "col-span-3" },
  { key: "eventSource", label: "Event source", placeholder: "bedrock.amazonaws.com", span: "col-span-3" },
  { key: "errorCode", label: "Error code", placeholder: "AccessDenied", span: "col-span-3" },
] as const;

/**
 * The filter bar. Everything typed applies together, with Enter or Apply, when a time field loses focus,
 * or with the credential choice. Filters applied elsewhere (a click on a principal in the table) replace
 * what is typed here: the parent remounts this form when the applied filters change.
 */
export function EventFilterBar({
  filters,
  uploadName,
  hasFilters,
  onChange,
  onClear,
}: {
  filters: EventFilters;
  uploadName: string | null;
  hasFilters: boolean;
  onChange: (changes: Partial<EventFilters>) => void;
  onClear: () => void;
}) {
  const { draft, edit, applyDraft, submit } = useFilterDraft({
    filters,
    textKeys: [searchField.key, ...textFields.map((field) => field.key)],
    onChange,
  });

  return (
    <form
      onSubmit={submit}
      aria-label="Event filters"
      className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="grid grid-cols-12 gap-3">
        <div className="col-span-6">
          <Field label={searchField.label}>
            <Input
              id="event-search"
              name={searchField.key}
              type="search"
              value={draft.q}
              placeholder={searchField.placeholder}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => edit(searchField.key, event.target.value)}
            />
          </Field>
        </div>
        <TimeRangeFields
          draft={draft}
          edit={edit}
          applyDraft={applyDraft}
          fromLabel="From (UTC)"
          toLabel="To (UTC, inclusive)"
        />
        {textFields.map((field) => (
          <div key={field.key} className={field.span}>
            <Field label={field.label}>
              <Input
                name={field.key}
                value={draft[field.key]}
                placeholder={field.placeholder}
                spellCheck={false}
                autoComplete="off"
                className="font-mono text-xs placeholder:font-sans"
                onChange={(event) => edit(field.key, event.target.value)}
              />
            </Field>
          </div>
        ))}
        <div className="col-span-3">
          <Field label="Credential">
            <Select
              value={filters.credentialType ?? ""}
              onChange={(event) =>
                applyDraft({ credentialType: (event.target.value || undefined) as CredentialType | undefined })
              }
            >
              <option value="">Any credential</option>
              {credentialTypes.map((type) => (
                <option key={type} value={type}>
                  {credentialLabels[type]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </div>
      <FilterActions
        hasFilters={hasFilters}
        onClear={onClear}
        upload={filters.upload}
        uploadName={uploadName}
        onClearUpload={() => onChange({ upload: undefined })}
        hint="Search finds part of a name, source, error or user agent, or a whole event or request id; other text filters match exactly. Click a principal, IP or key to filter by it."
      />
    </form>
  );
}
