import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { Markdown } from "@/components/ui/markdown";
import { Time } from "@/components/ui/time";
import type { SignalActivityItem } from "@/lib/signals/types";

// Each history entry as a sentence. The details are JSON written by the detection engine (and, for triage,
// by the next issue's actions): read defensively, so an unexpected shape still gives a readable line.

const num = (value: unknown) => (typeof value === "number" ? value : null);
const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
const events = (n: number | null) =>
  n === null ? "events" : `${n.toLocaleString("en-US")} ${n === 1 ? "event" : "events"}`;
const words = (value: unknown) => str(value)?.replaceAll("_", " ") ?? null;
/** "the reason." without doubling a full stop the engine already wrote. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function SignalRef({ id }: { id: string }) {
  return (
    <Link
      href={`/signals/${id}`}
      title={id}
      className="font-mono text-indigo-700 text-xs hover:underline dark:text-indigo-300"
    >
      {id.slice(0, 8)}
    </Link>
  );
}

/** A sentence, and the analyst's comment under it as Markdown (no raw HTML). */
function withComment(text: string, comment: string | null): ReactNode {
  if (!comment) return text;
  return (
    <>
      {text}
      <span className="mt-1 block rounded-md bg-zinc-50 px-2 py-1 dark:bg-zinc-800/60">
        <Markdown>{comment}</Markdown>
      </span>
    </>
  );
}

type SuppressionRef = { id?: unknown; name?: unknown; state?: unknown };
const refsOf = (value: unknown): SuppressionRef[] => (Array.isArray(value) ? (value as SuppressionRef[]) : []);

/** The suppressions a history entry names, each a link to its page (a deleted one by name only). */
function suppressionLinks(value: unknown): ReactNode {
  const refs = refsOf(value);
  if (refs.length === 0) return "a suppression";
  return refs.map((ref, index) => (
    <span key={String(ref.id)}>
      {index > 0 ? ", " : ""}
      {ref.state === "deleted" ? (
        <>“{str(ref.name) ?? "a deleted suppression"}” (deleted)</>
      ) : (
        <Link href={`/suppressions/${String(ref.id)}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
          “{str(ref.name) ?? "a suppression"}”
        </Link>
      )}
    </span>
  ));
}

/** Why it stopped covering them: disabled, deleted, or changed. */
function states(value: unknown): string {
  const all = refsOf(value).map((ref) => ref.state);
  if (all.length === 0) return "";
  if (all.every((state) => state === "disabled")) return " (disabled)";
  if (all.every((state) => state === "deleted")) return " (deleted)";
  return " (its conditions or window changed)";
}

export function describeActivity({ kind, details: d }: SignalActivityItem): ReactNode {
  switch (kind) {
    case "created": {
      const version = num(d.ruleVersion);
      return sentence(
        `Created from ${events(num(d.eventCount))}${version ? ` under rule version ${version}` : ""}${str(d.severity) ? `, severity ${d.severity}` : ""}`,
      );
    }
    case "new_matches": {
      const removed = num(d.removed);
      if (removed) return sentence(`${events(removed)} left this signal: ${str(d.reason) ?? "a rule change"}`);
      const total = num(d.eventCount);
      const added = `${events(num(d.added))} ${num(d.added) === 1 ? "was" : "were"} added`;
      if (d.revived)
        return sentence(`Back in the lists: rule version ${num(d.ruleVersion) ?? "?"} matches its events again`);
      return sentence(`New matching events arrived: ${added}${total !== null ? `, ${events(total)} in all` : ""}`);
    }
    case "merged": {
      const into = str(d.into);
      const absorbed = str(d.absorbed);
      const count = num(d.events);
      if (d.role === "absorbed" && into)
        return (
          <>
            Merged into signal <SignalRef id={into} /> ({events(count)}): a new event filled the gap between them.
          </>
        );
      if (absorbed)
        return (
          <>
            Merged signal <SignalRef id={absorbed} /> into this one ({events(count)}): a new event filled the gap
            between them.
          </>
        );
      return "Merged with another signal.";
    }
    case "severity_changed":
      return sentence(`Severity ${str(d.from) ?? "?"} → ${str(d.to) ?? "?"}${str(d.reason) ? `: ${d.reason}` : ""}`);
    case "reopened":
      return withComment(sentence(`Reopened${str(d.reason) ? `: ${d.reason}` : ""}`), str(d.comment));
    case "retired":
      return sentence(`Retired${str(d.reason) ? `: ${d.reason}` : ""}`);
    case "status_changed": {
      const reason = words(d.archiveReason ?? d.reason);
      return withComment(
        sentence(`Status ${words(d.from) ?? "?"} → ${words(d.to) ?? "?"}${reason ? ` (${reason})` : ""}`),
        str(d.comment),
      );
    }
    case "assigned": {
      const to = (d.to ?? d.assignee) as { name?: unknown } | string | null | undefined;
      const name = typeof to === "string" ? to : str(to?.name);
      return name ? `Assigned to ${name}.` : "Unassigned.";
    }
    case "commented":
      return withComment("Commented.", str(d.body ?? d.text ?? d.comment));
    case "suppressed": {
      const by = suppressionLinks(d.suppressions);
      const count = num(d.count);
      if (d.effect === "reduced") {
        return (
          <>
            {events(count)} left out: suppressed by {by}
            {num(d.eventCount) !== null ? `; ${events(num(d.eventCount))} remain` : ""}.
          </>
        );
      }
      return <>Hidden from the lists: all its events are suppressed by {by}.</>;
    }
    case "unsuppressed": {
      const by = suppressionLinks(d.suppressions);
      if (d.revived) {
        return (
          <>
            Back in the lists with its history: {by} no longer covers its events
            {states(d.suppressions)}.
          </>
        );
      }
      return sentence(`${events(num(d.count))} no longer suppressed and back in this signal`);
    }
    default:
      return String(kind).replaceAll("_", " ");
  }
}

/** Who: a user, an API token (by its name), or TrailTriage itself (detection). */
function actorName(entry: SignalActivityItem): string {
  if (entry.actor) return entry.actor.name;
  const token = entry.details.actor as { type?: unknown; name?: unknown } | undefined;
  return token?.type === "token" && typeof token.name === "string" ? `API token “${token.name}”` : "TrailTriage";
}

/** The signal's history, oldest first, as an append-only timeline. */
export function SignalHistory({ activity }: { activity: SignalActivityItem[] }) {
  return (
    <Card title="History">
      {activity.length === 0 ? (
        <p className="text-sm text-zinc-500">Nothing recorded yet.</p>
      ) : (
        <ol
          aria-label="Signal history"
          className="relative space-y-4 border-zinc-200 border-l pl-4 dark:border-zinc-800"
        >
          {activity.map((entry) => (
            <li key={entry.id} data-kind={entry.kind} className="relative">
              <span
                aria-hidden
                className="absolute top-1.5 -left-[21px] size-2.5 rounded-full border-2 border-white bg-zinc-400 dark:border-zinc-900 dark:bg-zinc-500"
              />
              <div className="text-sm">{describeActivity(entry)}</div>
              <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                <Time value={entry.at} /> · {actorName(entry)}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
