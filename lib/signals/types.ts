import type { ConditionResult } from "@/lib/detection/bedrock-rule";
import type { FollowUp } from "@/lib/detection/engine/follow-up";
import type { SignalCall } from "@/lib/detection/summary";
import type {
  ArchiveReason,
  CredentialType,
  Severity,
  SignalActivityKind,
  SignalStatus,
} from "@/lib/generated/prisma/enums";

// The signal as the API returns it (GET /api/v1/signals and /signals/{id}); the pages use these types.

export interface SignalAssignee {
  id: string;
  name: string;
  email: string;
}

export interface SignalListItem {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: SignalStatus;
  /** Increments with every triage change (optimistic concurrency). */
  version: number;
  groupKey: string;
  principalArn: string | null;
  accountId: string | null;
  accessKeyIds: string[];
  sourceIps: string[];
  eventNames: string[];
  eventSources: string[];
  regions: string[];
  userAgents: string[];
  errorCodes: string[];
  /** Each (eventName, eventSource) pair with its count, most frequent first. */
  calls: SignalCall[];
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  followUpSuccessCount: number;
  assignee: SignalAssignee | null;
  archiveReason: ArchiveReason | null;
  createdAt: string;
  updatedAt: string;
  /** Set on a suppressed signal (listed with `suppressed=only`): the suppressions that hide it. */
  suppressedBy?: { id: string; name: string }[];
}

/** GET /api/v1/signals: a page, plus the signals per status under the same filters (for the status tabs). */
export interface SignalPage {
  data: SignalListItem[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<SignalStatus, number>;
}

/** A live signal that shares the principal, a source IP or an access key with another one. */
export type RelatedSignal = SignalListItem & {
  /** What it shares with that signal: the principal, and which of its IPs and keys. */
  shared: { principal: boolean; ips: string[]; accessKeyIds: string[] };
};

/** GET /api/v1/signals/{id}/related: the 25 closest related signals (principal, then key, then IP); `total` counts them all. */
export interface RelatedSignals {
  data: RelatedSignal[];
  total: number;
  page: 1;
  pageSize: number;
}

export interface SignalEventItem {
  /** events.id, for /events/{id}. */
  id: string;
  /** CloudTrail's eventID. */
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string | null;
  awsRegion: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  errorCode: string | null;
  accessKeyId: string | null;
  credentialType: CredentialType;
  /** Why it fired: each condition of the rule, and why it held. */
  conditions: ConditionResult[];
}

export interface SignalActivityItem {
  id: string;
  at: string;
  kind: SignalActivityKind;
  actor: { id: string; name: string } | null;
  details: Record<string, unknown>;
}

export interface SignalDetail extends SignalListItem {
  /** The rendered playbook (Markdown). */
  playbook: string;
  followUp: FollowUp | null;
  rule: { id: string; name: string; version: number; currentVersion: number };
  events: SignalEventItem[];
  activity: SignalActivityItem[];
  /** Signals this one absorbed when a gap between them was filled. */
  mergedFrom: string[];
  retiredAt: string | null;
}
