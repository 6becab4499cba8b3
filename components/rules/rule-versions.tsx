import { Time } from "@/components/ui/time";
import type { RuleVersionItem } from "@/lib/rules/types";

/** Every version, newest first: who saved it, when, why, and what it changed. */
export function RuleVersions({ versions, currentVersion }: { versions: RuleVersionItem[]; currentVersion: number }) {
  return (
    <ol aria-label="Version history" className="space-y-4">
      {versions.map((version) => (
        <li
          key={version.version}
          aria-label={`Version ${version.version}`}
          className="rounded-lg border border-zinc-200 px-3 py-2.5 dark:border-zinc-800"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
            <p className="font-medium text-sm">
              Version {version.version}
              {version.version === currentVersion ? (
                <span className="ml-2 rounded-full bg-indigo-50 px-1.5 py-px font-medium text-indigo-700 text-xs dark:bg-indigo-500/15 dark:text-indigo-300">
                  current
                </span>
              ) : null}
            </p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {version.createdBy?.name ?? "TrailTriage"} · <Time value={version.createdAt} />
            </p>
          </div>
          {version.comment ? (
            <p className="mt-1 text-sm text-zinc-700 italic dark:text-zinc-300">“{version.comment}”</p>
          ) : null}
          <ul className="mt-1.5 list-disc space-y-0.5 pl-5 text-sm text-zinc-700 marker:text-zinc-400 dark:text-zinc-300">
            {version.changes.map((change) => (
              <li key={change}>{change}</li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
