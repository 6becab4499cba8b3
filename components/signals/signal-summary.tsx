import type { ReactNode } from "react";
import { ErrorBadge } from "@/components/events/event-badges";
import { EntityLink } from "@/components/signals/entity-link";
import { Card } from "@/components/ui/card";
import type { SignalDetail } from "@/lib/signals/types";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}

const none = <span className="text-zinc-400 dark:text-zinc-600">—</span>;

function List({ children }: { children: ReactNode[] }) {
  if (children.length === 0) return none;
  return <ul className="space-y-0.5">{children}</ul>;
}

/** Each call with its service (the same name means different services) and how often it was denied. */
function calls(signal: SignalDetail) {
  const counts = new Map<string, { name: string; source: string | null; count: number }>();
  for (const event of signal.events) {
    const key = `${event.eventName}\u0000${event.eventSource ?? ""}`;
    const entry = counts.get(key) ?? { name: event.eventName, source: event.eventSource, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** What the signal's events have in common and where they differ; principal, IPs and keys lead on. */
export function SignalSummary({ signal }: { signal: SignalDetail }) {
  return (
    <Card title="Summary">
      <dl className="space-y-3">
        <Row label="Principal">
          {signal.principalArn ? <EntityLink kind="principal" value={signal.principalArn} /> : none}
        </Row>
        <Row label="Account">
          {signal.accountId ? <span className="font-mono text-xs">{signal.accountId}</span> : none}
        </Row>
        <Row label={signal.sourceIps.length === 1 ? "Source IP" : `Source IPs (${signal.sourceIps.length})`}>
          <List>
            {signal.sourceIps.map((ip) => (
              <li key={ip}>
                <EntityLink kind="ip" value={ip} />
              </li>
            ))}
          </List>
        </Row>
        <Row label={signal.accessKeyIds.length === 1 ? "Access key" : `Access keys (${signal.accessKeyIds.length})`}>
          <List>
            {signal.accessKeyIds.map((key) => (
              <li key={key}>
                <EntityLink kind="accessKeyId" value={key} />
              </li>
            ))}
          </List>
        </Row>
        <Row label="Calls">
          <List>
            {calls(signal).map((call) => (
              <li key={`${call.name}\u0000${call.source}`} className="flex items-start justify-between gap-2">
                <span className="min-w-0 break-words">
                  <span className="font-medium">{call.name}</span>
                  <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                    on {call.source ?? "unknown source"}
                  </span>
                </span>
                <span className="shrink-0 text-xs tabular-nums text-zinc-500 dark:text-zinc-400">×{call.count}</span>
              </li>
            ))}
          </List>
        </Row>
        <Row label="Error codes">
          {signal.errorCodes.length > 0 ? (
            <span className="flex flex-wrap gap-1">
              {signal.errorCodes.map((code) => (
                <ErrorBadge key={code} code={code} />
              ))}
            </span>
          ) : (
            none
          )}
        </Row>
        <Row label="Regions">{signal.regions.length > 0 ? signal.regions.join(", ") : none}</Row>
        <Row label={signal.userAgents.length === 1 ? "User agent" : `User agents (${signal.userAgents.length})`}>
          <List>
            {signal.userAgents.map((agent) => (
              <li key={agent} className="break-all font-mono text-xs">
                {agent}
              </li>
            ))}
          </List>
        </Row>
      </dl>
    </Card>
  );
}
