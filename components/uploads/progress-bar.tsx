import { clsx } from "clsx";

const tones = {
  active: "bg-indigo-500 dark:bg-indigo-400",
  done: "bg-emerald-500 dark:bg-emerald-400",
  failed: "bg-red-500 dark:bg-red-400",
  waiting: "bg-zinc-400 dark:bg-zinc-500",
} as const;

export function ProgressBar({
  value,
  max,
  label,
  valueText,
  tone = "active",
  className,
}: {
  value: number;
  max: number;
  label: string;
  valueText: string;
  tone?: keyof typeof tones;
  className?: string;
}) {
  const percent = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={Math.min(value, max)}
      aria-valuetext={valueText}
      className={clsx("h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800", className)}
    >
      <div
        className={clsx("h-full rounded-full transition-[width] duration-300", tones[tone])}
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}
