"use client";

import { clsx } from "clsx";
import { ScrollText } from "lucide-react";
import { FilterActions, FilterChip } from "@/components/filters/filter-actions";
import { FilterSelect } from "@/components/filters/filter-select";
import { TimeRangeFields } from "@/components/filters/time-range-fields";
import { useFilterDraft } from "@/components/filters/use-filter-draft";
import { severityLabels } from "@/components/signals/signal-badges";
import { Field, Input } from "@/components/ui/form";
import { type SignalFilters, signalSeverities } from "@/lib/signals/filters";
import type { SignalAssignee } from "@/lib/signals/types";

const textFields = [
  { key: "q", label: "Search", placeholder: "title, principal, IP, key or event name", span: "col-span-3" },
  { key: "principal", label: "Principal ARN", placeholder: "arn:aws:iam::123456789012:user/name", span: "col-span-3" },
  { key: "ip", label: "Source IP", placeholder: "203.0.113.7", span: "col-span-2" },
  { key: "accessKeyId", label: "Access key", placeholder: "AKIA…", span: "col-span-2" },
] as const;

/** A row of toggle buttons for a list filter: none pressed means any value. */
function Toggles<T extends string>({
  label,
  values,
  labels,
  selected,
  onChange,
}: {
  label: string;
  values: readonly T[];
  labels: Record<T, string>;
  selected: T[] | undefined;
  onChange: (next: T[] | undefined) => void;
}) {
  const toggle = (value: T) => {
    const current = selected ?? [];
    const next = current.includes(value) ? current.filter((item) => item !== value) : [...current, value];
    // Kept in the schema's order, so the URL does not depend on the order of clicks.
    onChange(next.length > 0 ? values.filter((item) => next.includes(item)) : undefined);
  };
  return (
    <fieldset className="flex flex-wrap items-center gap-1.5">
      <legend className="float-left mr-1 w-16 font-medium text-sm">{label}</legend>
      {values.map((value) => {
        const isPressed = selected?.includes(value) ?? false;
        return (
          <button
            key={value}
            type="button"
            aria-pressed={isPressed}
            onClick={() => toggle(value)}
            className={clsx(
              "rounded-full border px-2.5 py-0.5 text-xs transition-colors",
              isPressed
                ? "border-indigo-600 bg-indigo-600 text-white dark:border-indigo-400 dark:bg-indigo-500"
                : "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800",
            )}
          >
            {labels[value]}
          </button>
        );
      })}
    </fieldset>
  );
}

/**
 * The filter bar. Typed filters apply together, with Enter or Apply, or when a time field loses focus;
 * the severity toggles apply at once (status is in the tabs above the list). The parent remounts this
 * form when the applied filters change, so what is typed always starts from the URL.
 */
export function SignalFilterBar({
  filters,
  uploadName,
  ruleName,
  people,
  hasFilters,
  onChange,
  onClear,
}: {
  filters: SignalFilters;
  uploadName: string | null;
  /** The rule filter's rule, by name (the filter is set from the Rules page). */
  ruleName: string | null;
  /** Who can be assigned signals, for the assignee filter. */
  people: SignalAssignee[] | undefined;
  hasFilters: boolean;
  onChange: (changes: Partial<SignalFilters>) => void;
  onClear: () => void;
}) {
  const { draft, edit, applyDraft, submit } = useFilterDraft({
    filters,
    textKeys: [...textFields.map((field) => field.key), "assignee"],
    onChange,
  });

  return (
    <form
      onSubmit={submit}
      aria-label="Signal filters"
      className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="grid grid-cols-12 gap-3">
        {textFields.map((field) => (
          <div key={field.key} className={field.span}>
            <Field label={field.label}>
              <Input
                id={field.key === "q" ? "signal-search" : undefined}
                name={field.key}
                type={field.key === "q" ? "search" : "text"}
                value={draft[field.key]}
                placeholder={field.placeholder}
                spellCheck={false}
                autoComplete="off"
                className={field.key === "q" ? undefined : "font-mono text-xs placeholder:font-sans"}
                onChange={(event) => edit(field.key, event.target.value)}
              />
            </Field>
          </div>
        ))}
        <div className="col-span-2">
          <Field label="Assignee">
            <FilterSelect
              value={draft.assignee}
              onPick={(value) => edit("assignee", value)}
              onApply={(value) => (value === undefined ? applyDraft() : applyDraft({ assignee: value || undefined }))}
            >
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="none">Unassigned</option>
              {people?.map((person) => (
                <option key={person.id} value={person.id} title={person.email}>
                  {person.name}
                </option>
              ))}
              {filters.assignee &&
              !["me", "none"].includes(filters.assignee) &&
              !people?.some((person) => person.id === filters.assignee) ? (
                <option value={filters.assignee}>another user</option>
              ) : null}
            </FilterSelect>
          </Field>
        </div>
        <TimeRangeFields
          draft={draft}
          edit={edit}
          applyDraft={applyDraft}
          fromLabel="Active from (UTC)"
          toLabel="Active to (UTC, inclusive)"
        />
        <div className="col-span-6 flex flex-col justify-end gap-2 pb-1">
          <Toggles
            label="Severity"
            values={signalSeverities}
            labels={severityLabels}
            selected={filters.severity}
            onChange={(severity) => applyDraft({ severity })}
          />
        </div>
      </div>
      <FilterActions
        hasFilters={hasFilters}
        onClear={onClear}
        upload={filters.upload}
        uploadName={uploadName}
        onClearUpload={() => onChange({ upload: undefined })}
        hint="Principal, IP and key match whole values. Search finds part of a title or principal, or a whole IP, key or event name."
      >
        {filters.ruleId ? (
          <FilterChip
            icon={ScrollText}
            title={`Rule ${filters.ruleId}`}
            removeLabel="Remove the rule filter"
            onRemove={() => onChange({ ruleId: undefined })}
          >
            Rule <span className="font-medium">{ruleName ?? filters.ruleId}</span>
          </FilterChip>
        ) : null}
      </FilterActions>
    </form>
  );
}
