import type { FollowUp } from "@/lib/detection/engine/follow-up";
import type { Recognised } from "@/lib/entities/recognise";
import type { CredentialType } from "@/lib/generated/prisma/enums";
import type { SignalListItem } from "@/lib/signals/types";

// The investigation views as the API returns them (GET /api/v1/principals/{arn}, /ips/{ip}, /keys/{id});
// the pages use these types. Every count is scoped by the request's from/to, or covers the whole history.

/** How often a value occurs in the entity's events, and when. */
export interface Usage {
  count: number;
  deniedCount: number;
  /** Calls that failed for any reason, denials included. */
  errorCount: number;
  firstSeen: string;
  lastSeen: string;
}

export interface AccessKeyUsage extends Omit<Usage, "count"> {
  /** Null for calls made without a key (console sessions). */
  id: string | null;
  credentialType: CredentialType;
  eventCount: number;
}
export type IpUsage = Usage & { ip: string };
export type PrincipalUsage = Usage & { arn: string };
export type CallUsage = Usage & { eventName: string; eventSource: string | null };
export type SourceUsage = Usage & { eventSource: string | null };
export type RegionUsage = Usage & { region: string };
export type UserAgentUsage = Usage & { userAgent: string };

export type EntitySignal = SignalListItem & { followUp: FollowUp | null };

/** How many distinct values each list has; the lists hold the busiest. */
export interface DistinctCounts {
  principals: number;
  accessKeys: number;
  sourceIps: number;
  calls: number;
  eventSources: number;
  regions: number;
  userAgents: number;
}

interface EntityViewBase {
  eventCount: number;
  deniedCount: number;
  errorCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
  calls: CallUsage[];
  eventSources: SourceUsage[];
  regions: RegionUsage[];
  userAgents: UserAgentUsage[];
  distinct: DistinctCounts;
  /** Newest activity first, at most 50; `signalTotal` counts them all. */
  signals: EntitySignal[];
  signalTotal: number;
  /** The range every count covers; null: the whole history. */
  range: { from: string; to: string } | null;
  /** Where the counts came from: the summaries (a busy entity) or the events themselves. */
  source: "summaries" | "events";
  /** Stored batches not yet in the summaries (uploads being read, or a catch-up after an upgrade). */
  pendingBatches: number;
}

export interface PrincipalView extends EntityViewBase {
  arn: string;
  /** userIdentity.type: IAMUser, AssumedRole, Root… */
  type: string | null;
  accountId: string | null;
  userName: string | null;
  credentialTypes: CredentialType[];
  accessKeys: AccessKeyUsage[];
  sourceIps: IpUsage[];
}

export interface IpClassificationView {
  kind: string;
  scope: string | null;
  label: string;
  isRoutable: boolean;
}

export interface IpView extends EntityViewBase {
  ip: string;
  classification: IpClassificationView;
  country: { code: string; name: string } | null;
  asn: { number: number; organization: string } | null;
  principals: PrincipalUsage[];
  accessKeys: AccessKeyUsage[];
  credentialTypes: CredentialType[];
}

export interface Remediation {
  /** What the commands do, in a sentence. */
  summary: string;
  commands: { label: string; command: string }[];
  /** Anything the analyst must check before running them. */
  caveats: string[];
}

export interface KeyView extends EntityViewBase {
  id: string;
  /** The credential type most of its calls carried; `credentialTypes` lists all. */
  credentialType: CredentialType | null;
  credentialTypes: CredentialType[];
  /** The principal that used it most (its owner, for a long-term key). */
  principalArn: string | null;
  accountId: string | null;
  userName: string | null;
  principals: PrincipalUsage[];
  sourceIps: IpUsage[];
  remediation: Remediation;
}

export interface TimelineView {
  bucket: string;
  from: string;
  to: string;
  buckets: { start: string; allowed: number; denied: number; failed: number }[];
}

/** GET /api/v1/investigate/search. */
export interface SearchMatch {
  kind: "principal" | "ip" | "access_key" | "event";
  value: string;
  /** What else identifies it: the account, the principal of an event. */
  detail: string | null;
  href: string;
  eventCount: number | null;
  lastSeen: string | null;
}

export interface SearchResult {
  query: string;
  recognised: Recognised["kind"];
  matches: SearchMatch[];
  /** Why nothing matched, in words; null when something did. */
  message: string | null;
}

/** GET /api/v1/investigate/top. */
export const topRanges = ["24h", "7d", "30d", "all"] as const;
export type TopRange = (typeof topRanges)[number];

export interface TopEntity {
  value: string;
  href: string;
  deniedCount: number;
  eventCount: number;
}

export interface TopEntities {
  range: TopRange;
  /** The hours counted; null for all time. */
  from: string | null;
  to: string | null;
  principals: TopEntity[];
  ips: TopEntity[];
  accessKeys: TopEntity[];
}
