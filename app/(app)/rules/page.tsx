import type { Metadata } from "next";
import { RulesScreen } from "@/components/rules/rules-screen";
import { hasRole } from "@/lib/auth/access";
import type { RuleDetail } from "@/lib/rules/types";
import { requireUser } from "@/lib/server/current-user";
import { getRule, listRules } from "@/lib/server/rules";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Rules" };

// Every role may read the rules; changing one needs an admin (PATCH /api/v1/rules/{id} checks it too).
export default async function Page() {
  const user = await requireUser();
  const summaries = await listRules();
  const rules = (await Promise.all(summaries.map((rule) => getRule(rule.id)))).filter(
    (rule): rule is RuleDetail => rule !== null,
  );
  return <RulesScreen rules={rules} canEdit={hasRole(user.role, "admin")} />;
}
