"use client";

import { Eye, RotateCcw, Save } from "lucide-react";
import { type FormEvent, type ReactNode, useState } from "react";
import { type RuleDraft, toDraft, tryPatchOf } from "@/components/rules/rule-draft";
import { RulePreviewResult } from "@/components/rules/rule-preview-result";
import { usePreviewRule, useUpdateRule } from "@/components/rules/use-rules";
import { severityLabels } from "@/components/signals/signal-badges";
import { Button, Field, FormError, Input, Select, Textarea } from "@/components/ui/form";
import { ApiError, errorMessage } from "@/lib/client/api";
import type { RuleConfig } from "@/lib/detection/rule-config";
import type { RuleDetail } from "@/lib/rules/types";
import { signalSeverities } from "@/lib/signals/filters";

const listHint = "One a line.";

const changeLabels: Record<string, string> = {
  enabled: "enabled",
  severity: "severity",
  seedNames: "discovery calls",
  seedSources: "their sources",
  bedrockNames: "Bedrock calls",
  bedrockSource: "Bedrock source",
  errorCodes: "error codes",
  keepAliveMinutes: "keep-alive",
  maxDurationHours: "maximum duration",
  playbook: "playbook",
};

function Area({
  label,
  hint,
  value,
  rows = 4,
  onChange,
}: {
  label: string;
  hint?: ReactNode;
  value: string;
  rows?: number;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label} hint={hint}>
      <Textarea
        value={value}
        rows={rows}
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
        className="font-mono text-xs"
      />
    </Field>
  );
}

/**
 * A new version of the rule: every setting, a preview of what it would do to today's signals, then Save.
 * The change is made from the version shown when editing began and says so, so a version someone else
 * saved in between is never overwritten unseen (409).
 */
export function RuleEditForm({
  rule,
  onReload,
  onDone,
}: {
  rule: RuleDetail;
  /** Reads the rule again and answers the latest. */
  onReload: () => Promise<RuleDetail | undefined>;
  onDone: (saved: RuleDetail | null) => void;
}) {
  const [base, setBase] = useState<{ config: RuleConfig; version: number }>(() => ({
    config: rule.config,
    version: rule.currentVersion,
  }));
  const [draft, setDraft] = useState<RuleDraft>(() => toDraft(rule.config));
  const [comment, setComment] = useState("");
  const [previewedFor, setPreviewedFor] = useState<string | null>(null);
  const preview = usePreviewRule(rule.id);
  const update = useUpdateRule(rule.id);

  const result = tryPatchOf(base.config, draft);
  const patchKey = "patch" in result ? JSON.stringify(result.patch) : null;
  const changed = "patch" in result ? Object.keys(result.patch) : [];
  const isConflict = update.error instanceof ApiError && update.error.status === 409;
  const isBehind = rule.currentVersion !== base.version;

  const edit = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  function startOver(latest: RuleDetail) {
    setBase({ config: latest.config, version: latest.currentVersion });
    setDraft(toDraft(latest.config));
    setPreviewedFor(null);
    preview.reset();
    update.reset();
  }

  function runPreview() {
    if (!("patch" in result)) return;
    const key = patchKey;
    preview.mutate(result.patch, { onSuccess: () => setPreviewedFor(key) });
  }

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!("patch" in result) || changed.length === 0) return;
    update.mutate(
      { ...result.patch, comment: comment.trim() || undefined, version: base.version },
      { onSuccess: (saved) => onDone(saved) },
    );
  }

  return (
    <form onSubmit={save} aria-label="Edit the rule" className="space-y-4">
      {isBehind && !isConflict ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 text-sm dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200">
          Version {rule.currentVersion} was saved since you started editing version {base.version}. Saving now will be
          refused: start over from version {rule.currentVersion}.
        </p>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        <label className="flex items-center gap-2 self-end pb-2 text-sm">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(event) => edit("enabled", event.target.checked)}
            className="size-4 rounded border-zinc-300 accent-indigo-600"
          />
          <span className="font-medium">Enabled</span>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            (a disabled rule keeps its signals, adds none)
          </span>
        </label>
        <Field label="Severity" hint="A follow-up raises a signal to high whatever this says.">
          <Select
            value={draft.severity}
            onChange={(event) => edit("severity", event.target.value as RuleDraft["severity"])}
          >
            {signalSeverities.map((severity) => (
              <option key={severity} value={severity}>
                {severityLabels[severity]}
              </option>
            ))}
          </Select>
        </Field>
        <Area
          label="Discovery calls"
          hint={`${listHint} The original rule's names.`}
          value={draft.seedNames}
          onChange={(value) => edit("seedNames", value)}
        />
        <Area
          label="Their sources"
          hint={`${listHint} Where the discovery calls count.`}
          value={draft.seedSources}
          onChange={(value) => edit("seedSources", value)}
        />
        <Area
          label="Bedrock calls"
          hint={`${listHint} Matched on the Bedrock source only.`}
          rows={6}
          value={draft.bedrockNames}
          onChange={(value) => edit("bedrockNames", value)}
        />
        <div className="space-y-4">
          <Field label="Bedrock source">
            <Input
              value={draft.bedrockSource}
              spellCheck={false}
              className="font-mono text-xs"
              onChange={(event) => edit("bedrockSource", event.target.value)}
            />
          </Field>
          <Area
            label="Denial error codes"
            hint={listHint}
            rows={2}
            value={draft.errorCodes}
            onChange={(value) => edit("errorCodes", value)}
          />
        </div>
        <Field label="Keep-alive (minutes)" hint="A gap longer than this between matches starts a new signal.">
          <Input
            type="number"
            min={1}
            inputMode="numeric"
            value={draft.keepAliveMinutes}
            onChange={(event) => edit("keepAliveMinutes", event.target.value)}
          />
        </Field>
        <Field label="Maximum duration (hours)" hint="A signal ends this long after its first match.">
          <Input
            type="number"
            min={1}
            inputMode="numeric"
            value={draft.maxDurationHours}
            onChange={(event) => edit("maxDurationHours", event.target.value)}
          />
        </Field>
      </div>
      <Field
        label="Playbook title"
        hint="Each signal's title; {{@userIdentity.arn}} and the other variables take its values."
      >
        <Input
          value={draft.playbookTitle}
          className="font-mono text-xs"
          onChange={(event) => edit("playbookTitle", event.target.value)}
        />
      </Field>
      <Area
        label="Playbook message"
        hint="Markdown, shown on each signal's page."
        rows={12}
        value={draft.playbookMessage}
        onChange={(value) => edit("playbookMessage", value)}
      />
      <Field label="Comment" hint="Why, for the version history (optional).">
        <Input value={comment} maxLength={1000} onChange={(event) => setComment(event.target.value)} />
      </Field>

      <FormError message={"error" in result ? result.error : null} />
      <FormError message={preview.error ? `Preview: ${errorMessage(preview.error)}` : null} />
      {isConflict ? (
        <div
          role="alert"
          className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-red-800 text-sm dark:border-red-500/40 dark:bg-red-500/10 dark:text-red-200"
        >
          <p>
            <span className="font-medium">Not saved: someone else changed the rule first.</span>{" "}
            {errorMessage(update.error)}
          </p>
          <Button
            variant="secondary"
            className="py-1.5"
            onClick={() => void onReload().then((latest) => latest && startOver(latest))}
          >
            <RotateCcw className="size-4" aria-hidden />
            Reload and start over
          </Button>
        </div>
      ) : (
        <FormError message={update.error ? errorMessage(update.error) : null} />
      )}

      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" disabled={!("patch" in result) || preview.isPending} onClick={runPreview}>
          <Eye className="size-4" aria-hidden />
          {preview.isPending ? "Previewing…" : "Preview"}
        </Button>
        <Button type="submit" disabled={changed.length === 0 || update.isPending}>
          <Save className="size-4" aria-hidden />
          {update.isPending ? "Saving…" : `Save as version ${base.version + 1}`}
        </Button>
        <Button variant="secondary" onClick={() => onDone(null)}>
          Cancel
        </Button>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {changed.length === 0
            ? "Nothing changed yet."
            : `Changes: ${changed.map((key) => changeLabels[key] ?? key).join(", ")}.`}{" "}
          Saving re-evaluates every stored event in the background.
        </span>
      </div>
      {preview.data ? <RulePreviewResult preview={preview.data} isStale={previewedFor !== patchKey} /> : null}
    </form>
  );
}
