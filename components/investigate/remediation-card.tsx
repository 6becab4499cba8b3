import { TriangleAlert } from "lucide-react";
import { CopyButton } from "@/components/investigate/entity-header";
import { Card } from "@/components/ui/card";
import type { Remediation } from "@/lib/entities/types";

/** The AWS CLI commands to contain a leaked key, filled in and ready to copy, with what to check first. */
export function RemediationCard({ remediation }: { remediation: Remediation }) {
  const all = remediation.commands.map((command) => command.command).join("\n");
  return (
    <Card
      title="Remediation"
      description={remediation.summary}
      actions={remediation.commands.length > 1 ? <CopyButton value={all} label="Copy all commands" /> : null}
    >
      {remediation.caveats.map((caveat) => (
        <p
          key={caveat}
          className="mb-3 flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 text-xs dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
        >
          <TriangleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          {caveat}
        </p>
      ))}
      <ol className="space-y-3">
        {remediation.commands.map((command, index) => (
          <li key={command.label}>
            <div className="mb-1 flex items-center justify-between gap-2">
              <span className="font-medium text-sm">
                {index + 1}. {command.label}
              </span>
              <CopyButton value={command.command} label={`Copy: ${command.label}`} />
            </div>
            <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-zinc-950 px-3 py-2 font-mono text-xs text-zinc-100">
              {command.command}
            </pre>
          </li>
        ))}
      </ol>
    </Card>
  );
}
