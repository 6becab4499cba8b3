"use client";

import { RulePanel } from "@/components/rules/rule-panel";
import { PageHeader } from "@/components/ui/page-header";
import type { RuleDetail } from "@/lib/rules/types";

export function RulesScreen({ rules, canEdit }: { rules: RuleDetail[]; canEdit: boolean }) {
  return (
    <>
      <PageHeader
        title="Rules"
        description="What TrailTriage detects, with its configuration and version history. Every change is a new version; the stored events are matched again under it."
      />
      <div className="space-y-10">
        {rules.map((rule) => (
          <RulePanel key={rule.id} initial={rule} canEdit={canEdit} />
        ))}
      </div>
    </>
  );
}
