import type { MitreReference } from "@/lib/detection/catalog";
import type { RulePreview } from "@/lib/detection/engine/preview";
import type { RuleConfig } from "@/lib/detection/rule-config";
import type { Severity, SignalStatus } from "@/lib/generated/prisma/enums";

// Rules as the API returns them (GET /api/v1/rules and /rules/{id}).

export interface RuleSummary {
  id: string;
  originId: string | null;
  name: string;
  description: string;
  tactic: MitreReference;
  technique: MitreReference;
  enabled: boolean;
  severity: Severity;
  currentVersion: number;
  /** The version whose re-evaluation of stored events has finished; below currentVersion while one runs. */
  evaluatedVersion: number | null;
  isEvaluating: boolean;
  lastEvaluatedAt: string | null;
  /** The query in words. */
  query: string[];
  config: RuleConfig;
  signalCounts: Record<SignalStatus, number> & { total: number; bySeverity: Partial<Record<Severity, number>> };
  /** Events matched by the current version. */
  matchCount: number;
}

export interface RuleVersionItem {
  version: number;
  config: RuleConfig;
  comment: string | null;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  /** What this version changed from the one before, in words. */
  changes: string[];
}

export interface RuleDetail extends RuleSummary {
  versions: RuleVersionItem[];
}

export type { RulePreview };
