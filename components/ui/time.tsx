import { clsx } from "clsx";

/**
 * A timestamp shown in UTC, as CloudTrail writes them, with the exact instant on hover. `withZone: false`
 * where a column header already says UTC.
 */
export function Time({
  value,
  fallback = "—",
  withZone = true,
}: {
  value: string | Date | null | undefined;
  fallback?: string;
  withZone?: boolean;
}) {
  if (!value) return <span className="text-zinc-400">{fallback}</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap tabular-nums">
      {iso.slice(0, 16).replace("T", " ")}
      {withZone ? " UTC" : null}
    </time>
  );
}

/** The date over the time to the second, for narrow table columns headed "(UTC)". */
export function StackedTime({ value, className }: { value: string; className?: string }) {
  const iso = new Date(value).toISOString();
  return (
    <time dateTime={iso} title={iso} className={clsx("block whitespace-nowrap tabular-nums", className)}>
      <span className="block">{iso.slice(0, 10)}</span>
      <span className="block text-xs text-zinc-500 dark:text-zinc-400">{iso.slice(11, 19)}</span>
    </time>
  );
}
