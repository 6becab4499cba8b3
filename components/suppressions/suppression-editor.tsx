"use client";

import { Plus, Save, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { toInput } from "@/components/filters/use-filter-draft";
import { useAssignableUsers } from "@/components/signals/use-signals";
import { SuppressionPreviewPanel } from "@/components/suppressions/suppression-preview";
import { useSaveSuppression, useSuppressionPreview } from "@/components/suppressions/use-suppressions";
import { Card } from "@/components/ui/card";
import { Button, Field, FormError, Input, Select, Textarea } from "@/components/ui/form";
import { IconButton } from "@/components/ui/icon-button";
import { errorMessage } from "@/lib/client/api";
import {
  SUPPRESSION_FIELDS,
  type SuppressionCondition,
  type SuppressionField,
  type SuppressionOperator,
} from "@/lib/suppressions/conditions";
import { DEFAULT_DAYS, MAX_ANALYST_DAYS } from "@/lib/suppressions/schema";
import type { SuppressionItem } from "@/lib/suppressions/types";

// The suppression editor, with the preview beside it: while the analyst edits, the draft is sent to
// POST /api/v1/suppressions/preview (debounced) and the panel shows what saving would do over the
// stored data: the events, the signals it would hide or change (open ones first), who is involved.

const DAY = 86_400_000;
const PREVIEW_DELAY_MS = 400;

interface ConditionDraft {
  key: number;
  field: SuppressionField;
  operator: SuppressionOperator;
  /** One value per line. */
  values: string;
}

export interface EditorStart {
  name: string;
  reason: string;
  conditions: SuppressionCondition[];
  /** Conditions offered as ticks ("and only from its IP …"), off at first. */
  optional?: { label: string; condition: SuppressionCondition }[];
  startsAt?: string;
  expiresAt?: string;
  enabled?: boolean;
  ruleIds: string[] | null;
}

let nextKey = 1;
const toDraft = (condition: SuppressionCondition): ConditionDraft => ({
  key: nextKey++,
  field: condition.field,
  operator: condition.operator,
  values: condition.values.join("\n"),
});
const toCondition = (draft: ConditionDraft): SuppressionCondition => ({
  field: draft.field,
  operator: draft.operator,
  values: draft.values
    .split("\n")
    .map((value) => value.trim())
    .filter(Boolean),
});

const fromUtcInput = (value: string) => (value ? `${value}:00Z` : undefined);

export function SuppressionEditor({
  start,
  existing,
  rules,
  isAdmin,
}: {
  start: EditorStart;
  /** The suppression being edited; absent for a new one. */
  existing?: SuppressionItem;
  rules: { id: string; name: string }[];
  isAdmin: boolean;
}) {
  const router = useRouter();
  const [name, setName] = useState(start.name);
  const [reason, setReason] = useState(start.reason);
  const [conditions, setConditions] = useState<ConditionDraft[]>(() => start.conditions.map(toDraft));
  const [ticked, setTicked] = useState<boolean[]>(() => (start.optional ?? []).map(() => false));
  const [allRules, setAllRules] = useState(start.ruleIds === null);
  const [ruleIds, setRuleIds] = useState<string[]>(start.ruleIds ?? rules.map((rule) => rule.id));
  const [startsAt, setStartsAt] = useState(start.startsAt ? toInput(new Date(start.startsAt)) : "");
  const [expiresAt, setExpiresAt] = useState(toInput(new Date(start.expiresAt ?? Date.now() + DEFAULT_DAYS * DAY)));
  const [enabled, setEnabled] = useState(start.enabled ?? true);
  // Its creator owns it; an admin may hand it to someone else.
  const [ownerId, setOwnerId] = useState<string | null>(existing?.owner?.id ?? null);
  const people = useAssignableUsers();
  const save = useSaveSuppression(existing?.id);

  const body = useMemo(() => {
    const all = [
      ...conditions.map(toCondition),
      ...(start.optional ?? []).filter((_, index) => ticked[index]).map((option) => option.condition),
    ];
    return {
      name: name.trim() || "Untitled suppression",
      reason: reason.trim() || "(reason to be written)",
      conditions: all,
      ruleIds: allRules ? null : ruleIds,
      ...(startsAt ? { startsAt: fromUtcInput(startsAt) } : {}),
      expiresAt: fromUtcInput(expiresAt),
      enabled,
      ...(isAdmin && ownerId ? { ownerId } : {}),
    };
  }, [
    conditions,
    ticked,
    start.optional,
    name,
    reason,
    allRules,
    ruleIds,
    startsAt,
    expiresAt,
    enabled,
    isAdmin,
    ownerId,
  ]);

  // The preview follows the draft a moment after the last keystroke.
  const [previewed, setPreviewed] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    const timer = setTimeout(
      () => setPreviewed({ ...body, ...(existing ? { id: existing.id } : {}) }),
      PREVIEW_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [body, existing]);
  const preview = useSuppressionPreview(previewed);

  const days =
    (Date.parse(fromUtcInput(expiresAt) ?? "") - Math.max(Date.now(), Date.parse(fromUtcInput(startsAt) ?? "") || 0)) /
    DAY;
  const setCondition = (key: number, change: Partial<ConditionDraft>) =>
    setConditions((list) =>
      list.map((condition) => {
        if (condition.key !== key) return condition;
        const next = { ...condition, ...change };
        const allowed = SUPPRESSION_FIELDS[next.field].operators as readonly SuppressionOperator[];
        return allowed.includes(next.operator) ? next : { ...next, operator: allowed[0] as SuppressionOperator };
      }),
    );

  // An edit sends what changed only: the window's inputs keep minutes, so an untouched one is left alone.
  const [initialStartsAt] = useState(startsAt);
  const [initialExpiresAt] = useState(expiresAt);
  async function onSave() {
    const full: Record<string, unknown> = { ...body, name: name.trim(), reason: reason.trim() };
    let payload: Record<string, unknown> = full;
    if (existing) {
      const same = (key: string, before: unknown) => JSON.stringify(full[key]) === JSON.stringify(before);
      payload = { version: existing.version };
      for (const [key, before] of Object.entries({
        ...(isAdmin && ownerId ? { ownerId: existing.owner?.id ?? null } : {}),
        name: existing.name,
        reason: existing.reason,
        conditions: existing.conditions,
        ruleIds: existing.ruleIds,
        enabled: existing.enabled,
      })) {
        if (!same(key, before)) payload[key] = full[key];
      }
      if (startsAt !== initialStartsAt) payload.startsAt = full.startsAt;
      if (expiresAt !== initialExpiresAt) payload.expiresAt = full.expiresAt;
    }
    const saved = await save.mutateAsync(payload).catch(() => null);
    if (saved) router.push(`/suppressions/${saved.id}`);
  }

  return (
    <div className="grid gap-5 xl:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
      <form
        aria-label="Suppression"
        className="space-y-5"
        onSubmit={(event) => {
          event.preventDefault();
          void onSave();
        }}
      >
        <Card title="What it is" description="A name to find it by, and why these matches are expected.">
          <div className="space-y-4">
            <Field label="Name">
              <Input value={name} maxLength={200} required onChange={(event) => setName(event.target.value)} />
            </Field>
            {isAdmin ? (
              <Field label="Owner" hint="Who answers for it. Its creator, unless an admin hands it over.">
                <Select value={ownerId ?? ""} onChange={(event) => setOwnerId(event.target.value || null)}>
                  <option value="">{existing ? "Nobody (keep as it is)" : "Me"}</option>
                  {(people.data ?? []).map((person) => (
                    <option key={person.id} value={person.id}>
                      {person.name}
                    </option>
                  ))}
                </Select>
              </Field>
            ) : null}
            <Field label="Reason" hint="Required: the next analyst reads it before trusting the silence.">
              <Textarea
                value={reason}
                rows={3}
                maxLength={4000}
                required
                onChange={(event) => setReason(event.target.value)}
              />
            </Field>
          </div>
        </Card>
        <Card
          title="Conditions"
          description="Every condition must hold; within one, any of its values (one per line). ARNs are case-sensitive; a glob's * spans slashes."
        >
          <ol className="space-y-3">
            {conditions.map((condition, index) => (
              <li
                key={condition.key}
                className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] gap-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
              >
                <Select
                  aria-label={`Condition ${index + 1}: field`}
                  value={condition.field}
                  onChange={(event) => setCondition(condition.key, { field: event.target.value as SuppressionField })}
                >
                  {Object.entries(SUPPRESSION_FIELDS).map(([field, spec]) => (
                    <option key={field} value={field}>
                      {spec.label}
                    </option>
                  ))}
                </Select>
                <Select
                  aria-label={`Condition ${index + 1}: operator`}
                  value={condition.operator}
                  onChange={(event) =>
                    setCondition(condition.key, { operator: event.target.value as SuppressionOperator })
                  }
                >
                  {SUPPRESSION_FIELDS[condition.field].operators.map((operator) => (
                    <option key={operator} value={operator}>
                      {operator}
                    </option>
                  ))}
                </Select>
                <Textarea
                  aria-label={`Condition ${index + 1}: values`}
                  placeholder="One value per line"
                  rows={Math.min(6, Math.max(1, condition.values.split("\n").length))}
                  className="col-span-3 row-start-2 font-mono text-xs"
                  value={condition.values}
                  onChange={(event) => setCondition(condition.key, { values: event.target.value })}
                />
                <IconButton
                  label={`Remove condition ${index + 1}`}
                  onClick={() => setConditions((list) => list.filter((item) => item.key !== condition.key))}
                  disabled={conditions.length === 1 && !ticked.some(Boolean)}
                >
                  <Trash2 className="size-4" aria-hidden />
                </IconButton>
              </li>
            ))}
          </ol>
          {(start.optional ?? []).map((option, index) => (
            <label key={option.label} className="mt-3 flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={ticked[index] ?? false}
                onChange={(event) =>
                  setTicked((list) => list.map((value, at) => (at === index ? event.target.checked : value)))
                }
              />
              <span className="break-all">{option.label}</span>
            </label>
          ))}
          <Button
            variant="secondary"
            size="sm"
            className="mt-3"
            onClick={() =>
              setConditions((list) => [...list, toDraft({ field: "sourceIp", operator: "cidr", values: [] })])
            }
          >
            <Plus className="size-4" aria-hidden />
            Add a condition
          </Button>
        </Card>
        <Card
          title="When and where"
          description="Times are UTC. Events in the window are left out, whenever they arrive."
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="From (UTC)" hint="Empty: from now. May be in the past, to cover events already stored.">
              <Input type="datetime-local" value={startsAt} onChange={(event) => setStartsAt(event.target.value)} />
            </Field>
            <Field
              label="Expires (UTC)"
              hint={
                days > MAX_ANALYST_DAYS && !isAdmin
                  ? `Longer than ${MAX_ANALYST_DAYS} days from now needs an admin.`
                  : "Events from this moment on are not covered."
              }
            >
              <Input
                type="datetime-local"
                required
                value={expiresAt}
                onChange={(event) => setExpiresAt(event.target.value)}
              />
            </Field>
          </div>
          <div className="mt-3 flex flex-wrap gap-1.5">
            {[7, 30, 90].map((span) => (
              <Button
                key={span}
                size="sm"
                variant="secondary"
                onClick={() => setExpiresAt(toInput(new Date(Date.now() + span * DAY)))}
              >
                {span} days from now
              </Button>
            ))}
          </div>
          <fieldset className="mt-4 space-y-2 text-sm">
            <legend className="mb-1 font-medium">Rules</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="scope" checked={allRules} onChange={() => setAllRules(true)} />
              Every rule, including rules added later
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="scope" checked={!allRules} onChange={() => setAllRules(false)} />
              Only these:
            </label>
            {!allRules ? (
              <div className="ml-6 space-y-1">
                {rules.map((rule) => (
                  <label key={rule.id} className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={ruleIds.includes(rule.id)}
                      onChange={(event) =>
                        setRuleIds((ids) =>
                          event.target.checked ? [...ids, rule.id] : ids.filter((id) => id !== rule.id),
                        )
                      }
                    />
                    {rule.name}
                  </label>
                ))}
              </div>
            ) : null}
          </fieldset>
          <label className="mt-4 flex items-center gap-2 text-sm">
            <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
            Enabled
          </label>
        </Card>
        <FormError message={save.error ? errorMessage(save.error) : null} />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={save.isPending || !name.trim() || !reason.trim()}>
            <Save className="size-4" aria-hidden />
            {existing ? "Save changes" : "Save suppression"}
          </Button>
          <Button variant="secondary" onClick={() => router.back()}>
            Cancel
          </Button>
        </div>
      </form>
      <SuppressionPreviewPanel preview={preview.data} error={preview.error} isFetching={preview.isFetching} />
    </div>
  );
}
