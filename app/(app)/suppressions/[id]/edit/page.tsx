import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { SuppressionEditor } from "@/components/suppressions/suppression-editor";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/access";
import { builtInRules } from "@/lib/detection/catalog";
import { requireUser } from "@/lib/server/current-user";
import { getSuppression } from "@/lib/server/suppressions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Edit suppression" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const suppression = await getSuppression(id);
  if (!suppression) notFound();
  if (!hasRole(user.role, "analyst")) {
    return (
      <>
        <PageHeader title={`Edit ${suppression.name}`} />
        <Forbidden neededRole="analyst" />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={`Edit ${suppression.name}`}
        description="The preview compares the draft with the suppression as saved: what it would hide, change or bring back."
      />
      <SuppressionEditor
        existing={suppression}
        start={{
          name: suppression.name,
          reason: suppression.reason,
          conditions: suppression.conditions,
          startsAt: suppression.startsAt,
          expiresAt: suppression.expiresAt,
          enabled: suppression.enabled,
          ruleIds: suppression.ruleIds,
        }}
        rules={builtInRules.map((rule) => ({ id: rule.id, name: rule.name }))}
        isAdmin={hasRole(user.role, "admin")}
      />
    </>
  );
}
