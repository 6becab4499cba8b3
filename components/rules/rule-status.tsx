import { clsx } from "clsx";
import { CircleCheck, CirclePause, Loader2 } from "lucide-react";
import { Time } from "@/components/ui/time";
import type { RuleSummary } from "@/lib/rules/types";

const pill = "inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 font-medium text-xs ring-1 ring-inset";

/** Enabled or not, and whether the stored events are being matched again under the current version. */
export function RuleStatus({ rule }: { rule: RuleSummary }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {rule.enabled ? (
        <span
          className={clsx(
            pill,
            "bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30",
          )}
        >
          <CircleCheck className="size-3.5" aria-hidden />
          Enabled
        </span>
      ) : (
        <span
          className={clsx(
            pill,
            "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600/40",
          )}
        >
          <CirclePause className="size-3.5" aria-hidden />
          Disabled
        </span>
      )}
      {rule.isEvaluating ? (
        <span
          role="status"
          className={clsx(
            pill,
            "bg-indigo-50 text-indigo-700 ring-indigo-600/20 dark:bg-indigo-500/10 dark:text-indigo-300 dark:ring-indigo-400/30",
          )}
        >
          <Loader2 className="size-3.5 animate-spin motion-reduce:animate-none" aria-hidden />
          Evaluating version {rule.currentVersion}…
        </span>
      ) : (
        <span role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
          Version {rule.evaluatedVersion ?? rule.currentVersion} evaluated{" "}
          {rule.lastEvaluatedAt ? <Time value={rule.lastEvaluatedAt} /> : null}
        </span>
      )}
    </div>
  );
}
