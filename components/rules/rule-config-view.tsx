import type { ReactNode } from "react";
import { SeverityBadge } from "@/components/signals/signal-badges";
import type { RuleConfig } from "@/lib/detection/rule-config";

function Chips({ values }: { values: string[] }) {
  if (values.length === 0) return <span className="text-zinc-400 dark:text-zinc-600">none</span>;
  return (
    <ul className="flex flex-wrap gap-1">
      {values.map((value) => (
        <li
          key={value}
          className="rounded-md bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200"
        >
          {value}
        </li>
      ))}
    </ul>
  );
}

function Row({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt>
        <span className="font-medium text-sm">{label}</span>
        {hint ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{hint}</span> : null}
      </dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

/** The current version's configuration, read-only. */
export function RuleConfigView({ config }: { config: RuleConfig }) {
  return (
    <dl className="divide-y divide-zinc-100 dark:divide-zinc-800">
      <Row label="Status">{config.enabled ? "Enabled" : "Disabled: stored signals stay, no new ones"}</Row>
      <Row label="Severity" hint="Raised to high by a follow-up">
        <SeverityBadge severity={config.severity} />
      </Row>
      <Row label="Discovery calls" hint="The original rule's names">
        <Chips values={config.seedNames} />
      </Row>
      <Row label="…on these sources">
        <Chips values={config.seedSources} />
      </Row>
      <Row label="Bedrock calls" hint="Native Bedrock discovery">
        <Chips values={config.bedrockNames} />
      </Row>
      <Row label="…on this source">
        <Chips values={[config.bedrockSource]} />
      </Row>
      <Row label="Denial error codes">
        <Chips values={config.errorCodes} />
      </Row>
      <Row label="Keep-alive" hint="A gap this long ends a signal">
        {config.keepAliveMinutes.toLocaleString("en-US")} min
      </Row>
      <Row label="Maximum duration" hint="From a signal's first event">
        {config.maxDurationHours.toLocaleString("en-US")} h
      </Row>
      <Row label="Playbook title">
        <span className="break-words font-mono text-xs">{config.playbook.title}</span>
      </Row>
      <Row label="Playbook message" hint="Markdown; {{@…}} takes the signal's values">
        <details className="group">
          <summary className="cursor-pointer text-indigo-700 text-sm hover:underline dark:text-indigo-300">
            <span className="group-open:hidden">
              Show the message ({config.playbook.message.split("\n").length} lines)
            </span>
            <span className="hidden group-open:inline">Hide the message</span>
          </summary>
          <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded-lg border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs leading-5 dark:border-zinc-800 dark:bg-zinc-950">
            {config.playbook.message}
          </pre>
        </details>
      </Row>
    </dl>
  );
}
