/** A timestamp shown in UTC, as CloudTrail writes them, with the exact instant on hover. */
export function Time({ value, fallback = "—" }: { value: string | Date | null | undefined; fallback?: string }) {
  if (!value) return <span className="text-zinc-400">{fallback}</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap tabular-nums">
      {iso.slice(0, 16).replace("T", " ")} UTC
    </time>
  );
}
