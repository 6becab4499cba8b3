import { type FollowUp, findFollowUp } from "@/lib/detection/engine/follow-up";
import { loadRawTexts } from "@/lib/detection/engine/raw";
import type { ActiveRule, Queryable } from "@/lib/detection/engine/rules-store";
import {
  type PlaybookValues,
  readsFirstEvent,
  renderMarkdownTemplate,
  renderPlainTemplate,
} from "@/lib/detection/playbook";
import { type MatchedEvent, type SignalSummary, signalSeverity, summarize } from "@/lib/detection/summary";
import type { Severity } from "@/lib/generated/prisma/enums";

// Everything a signal shows that is derived from its matches: the summary, the follow-up correlation,
// the severity, and the rendered title and message.

export interface StoredMatch extends MatchedEvent {
  rawChunkId: string;
  rawIndex: number;
}

export interface SignalContent {
  summary: SignalSummary;
  followUp: FollowUp;
  severity: Severity;
  isSeverityRaised: boolean;
  title: string;
  message: string;
}

/** What a playbook reads from a signal's summary (a stored signal row holds it too). */
export type PlaybookSummary = Pick<
  SignalSummary,
  | "principalArn"
  | "accountId"
  | "eventNames"
  | "eventSources"
  | "sourceIps"
  | "userAgents"
  | "accessKeyIds"
  | "regions"
  | "errorCodes"
>;

export function playbookValues(summary: PlaybookSummary, firstEvent: unknown): PlaybookValues {
  return {
    principalArn: summary.principalArn,
    accountId: summary.accountId,
    eventNames: summary.eventNames,
    eventSources: summary.eventSources,
    sourceIps: summary.sourceIps,
    userAgents: summary.userAgents,
    accessKeyIds: summary.accessKeyIds,
    regions: summary.regions,
    errorCodes: summary.errorCodes,
    firstEvent,
  };
}

/** `events` sorted by time then id, as sessionize returns them. */
export async function signalContent(
  db: Queryable,
  active: ActiveRule,
  events: readonly StoredMatch[],
  summary: SignalSummary = summarize(events),
  /** The signal's follow-up when it cannot have changed (same subject, no new successful calls). */
  knownFollowUp: FollowUp | null = null,
): Promise<SignalContent> {
  const followUp = knownFollowUp ?? (await findFollowUp(db, summary));
  const { severity, isRaised } = signalSeverity(active.config.severity, followUp.count);
  const { title, message } = active.config.playbook;
  let firstEvent: unknown = null;
  const first = events[0];
  if (first && (readsFirstEvent(title) || readsFirstEvent(message))) {
    const [text] = await loadRawTexts(db, [first]);
    firstEvent = text ? JSON.parse(text) : null;
  }
  const values = playbookValues(summary, firstEvent);
  return {
    summary,
    followUp,
    severity,
    isSeverityRaised: isRaised,
    title: renderPlainTemplate(title, values).slice(0, 500),
    message: renderMarkdownTemplate(message, values),
  };
}
