import type { SuppressionCondition } from "@/lib/suppressions/conditions";
import type { SuppressionSnapshot, SuppressionState } from "@/lib/suppressions/schema";

export interface UserRef {
  id: string;
  name: string;
}

/** A suppression as the API and the list show it. */
export interface SuppressionItem {
  id: string;
  name: string;
  reason: string;
  /** null: every rule. */
  ruleIds: string[] | null;
  conditions: SuppressionCondition[];
  /** The conditions in words. */
  description: string;
  startsAt: string;
  expiresAt: string;
  enabled: boolean;
  state: SuppressionState;
  version: number;
  owner: UserRef | null;
  createdBy: UserRef | null;
  createdAt: string;
  updatedAt: string;
  /** Matches it leaves out now, and the latest event among them: counted, not incremented. */
  hits: number;
  lastHitAt: string | null;
  /** Signals retired because of it (listed under Suppressed on the Signals page). */
  signalsHidden: number;
}

export interface SuppressionList {
  data: SuppressionItem[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<SuppressionState, number>;
}

export interface SuppressionHistoryEntry {
  version: number;
  action: string;
  at: string;
  by: UserRef | null;
  /** What changed, in words. */
  changes: string[];
}

/** The export file, which an import reads back. */
export interface SuppressionFile {
  format: string;
  exportedAt: string;
  suppressions: Omit<SuppressionSnapshot, "ownerId">[];
}

export interface ImportPlan {
  added: { name: string; description: string }[];
  changed: { name: string; id: string; changes: string[] }[];
  unchanged: string[];
  /** Entries that cannot be imported, by name (or position when the name is missing). */
  refused: { name: string; problems: string[] }[];
  applied: boolean;
}
