"use client";

import { ExternalLink, Pencil } from "lucide-react";
import { useState } from "react";
import { RuleConfigView } from "@/components/rules/rule-config-view";
import { RuleCounts } from "@/components/rules/rule-counts";
import { RuleEditForm } from "@/components/rules/rule-edit-form";
import { RuleStatus } from "@/components/rules/rule-status";
import { RuleVersions } from "@/components/rules/rule-versions";
import { useRule } from "@/components/rules/use-rules";
import { Card } from "@/components/ui/card";
import { Button, FormError } from "@/components/ui/form";
import { firstErrorMessage } from "@/lib/client/api";
import type { MitreReference } from "@/lib/detection/catalog";
import type { RuleDetail } from "@/lib/rules/types";

function Mitre({ label, reference }: { label: string; reference: MitreReference }) {
  return (
    <a
      href={reference.url}
      target="_blank"
      rel="noopener noreferrer"
      className="inline-flex items-center gap-1 rounded-md bg-zinc-100 px-2 py-0.5 text-xs text-zinc-700 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700"
    >
      <span className="text-zinc-500 dark:text-zinc-400">{label}</span>
      <span className="font-medium">
        {reference.id} {reference.name}
      </span>
      <ExternalLink className="size-3" aria-hidden />
    </a>
  );
}

/** One rule: what it is, how it is doing, its configuration (editable by admins) and its versions. */
export function RulePanel({ initial, canEdit }: { initial: RuleDetail; canEdit: boolean }) {
  const query = useRule(initial.id, initial);
  const rule = query.data ?? initial;
  const [isEditing, setIsEditing] = useState(false);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);

  return (
    <article aria-labelledby={`rule-${rule.id}`} className="space-y-6">
      <header className="rounded-xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h2 id={`rule-${rule.id}`} className="font-semibold text-xl tracking-tight">
              {rule.name}
            </h2>
            <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
              Version {rule.currentVersion}
              {rule.originId ? (
                <>
                  {" "}
                  · a port of Datadog Cloud SIEM rule <span className="font-mono">{rule.originId}</span>
                </>
              ) : null}{" "}
              · <span className="font-mono">{rule.id}</span>
            </p>
          </div>
          {canEdit && !isEditing ? (
            <Button variant="secondary" onClick={() => setIsEditing(true)}>
              <Pencil className="size-4" aria-hidden />
              Edit
            </Button>
          ) : null}
        </div>
        <p className="mt-3 max-w-4xl text-sm text-zinc-700 dark:text-zinc-300">{rule.description}</p>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <Mitre label="Tactic" reference={rule.tactic} />
          <Mitre label="Technique" reference={rule.technique} />
        </div>
        <div className="mt-4">
          <RuleStatus rule={rule} />
        </div>
        {savedVersion !== null && savedVersion === rule.currentVersion ? (
          <p className="mt-3 text-emerald-700 text-sm dark:text-emerald-300">
            Saved version {savedVersion}.{" "}
            {rule.isEvaluating
              ? "The stored events are being matched again; the signals update when that finishes."
              : "Every stored event has been matched again under it."}
          </p>
        ) : null}
      </header>
      <FormError message={firstErrorMessage(query)} />
      <RuleCounts rule={rule} />
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="min-w-0 space-y-6 xl:col-span-2">
          <Card title="Query" description="What the current version matches, in words.">
            <ol className="list-decimal space-y-1.5 pl-5 text-sm marker:text-zinc-400">
              {rule.query.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ol>
          </Card>
          <Card
            title={isEditing ? "Edit the configuration" : "Configuration"}
            description={
              isEditing
                ? `Changes are saved as version ${rule.currentVersion + 1}; preview them first.`
                : canEdit
                  ? `Version ${rule.currentVersion}.`
                  : `Version ${rule.currentVersion}. Only admins can change it.`
            }
          >
            {isEditing ? (
              <RuleEditForm
                rule={rule}
                onReload={async () => (await query.refetch()).data}
                onDone={(saved) => {
                  setIsEditing(false);
                  if (saved) setSavedVersion(saved.currentVersion);
                }}
              />
            ) : (
              <RuleConfigView config={rule.config} />
            )}
          </Card>
        </div>
        <Card title="Version history" className="min-w-0 self-start">
          <RuleVersions versions={rule.versions} currentVersion={rule.currentVersion} />
        </Card>
      </div>
    </article>
  );
}
