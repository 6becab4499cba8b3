import { clsx } from "clsx";

// ARNs differ at their end (the user or role name): keep the end in view and cut the middle.
const TAIL = 20;

/**
 * A principal ARN (or any long identifier) on one line, monospace, cut in the middle when it does not fit;
 * the full value is in the tooltip and is what screen readers read.
 */
export function PrincipalText({ value, className }: { value: string; className?: string }) {
  const cut = value.length > TAIL + 12 ? value.length - TAIL : value.length;
  return (
    <span title={value} className={clsx("flex min-w-0 max-w-full overflow-hidden font-mono text-xs", className)}>
      <span className="sr-only">{value}</span>
      <span aria-hidden className="truncate">
        {value.slice(0, cut)}
      </span>
      <span aria-hidden className="shrink-0 whitespace-pre">
        {value.slice(cut)}
      </span>
    </span>
  );
}

/** `bedrock.amazonaws.com` → `bedrock`: the service, short enough to sit next to an event name. */
export const serviceOf = (eventSource: string | null) => (eventSource ?? "unknown").replace(/\.amazonaws\.com$/, "");
